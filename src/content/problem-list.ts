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

/**
 * Keeps the first item of each key and reports each later one with `problem(item, first)`: two
 * items with one id, GUID or slug would look like one to every reader.
 */
export function rejectDuplicates<T> (items: readonly T[], keyOf: (item: T) => string, problem: (item: T, first: T) => Problem, sink: Problem[]): T[] {
  const firstByKey = new Map<string, T>()
  return items.filter((item) => {
    const first = firstByKey.get(keyOf(item))
    if (first === undefined) {
      firstByKey.set(keyOf(item), item)
      return true
    }
    sink.push(problem(item, first))
    return false
  })
}
