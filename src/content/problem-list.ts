import type { Problem } from '../errors.ts'

/** Reports problems about one file into a shared list, so every problem is seen at once. */
export interface FileReporter {
  error (field: string | undefined, message: string): void
  warning (field: string | undefined, message: string): void
}

/** A reporter for `file` that appends to `sink`, looking up each field's line with `lineOf`. */
export function reporterFor (sink: Problem[], file: string, lineOf: (field: string) => number | undefined = () => undefined): FileReporter {
  const add = (severity: Problem['severity']) => (field: string | undefined, message: string): void => {
    sink.push({ file, field, line: field === undefined ? undefined : lineOf(field), message, severity })
  }
  return { error: add('error'), warning: add('warning') }
}

export function hasErrors (problems: readonly Problem[]): boolean {
  return problems.some((problem) => problem.severity === 'error')
}
