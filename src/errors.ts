/** One thing wrong with the content, tied to the file (and field, and line) where it is. */
export interface Problem {
  /** Path of the file, relative to the working directory. */
  readonly file: string
  /** The field in that file, as a dotted path (`audio.url`); absent for a whole-file problem. */
  readonly field?: string
  /** 1-based line in the file, where the parser knows it. */
  readonly line?: number
  readonly message: string
  /** Errors stop publishing; warnings are reported and publishing goes on. */
  readonly severity: 'error' | 'warning'
}

/** Formats a problem the way compilers do, so editors can jump to it: `file:line: field: message`. */
export function formatProblem (problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`
  const field = problem.field === undefined ? '' : `${problem.field}: `
  const label = problem.severity === 'warning' ? 'warning: ' : ''
  return `${where}: ${label}${field}${problem.message}`
}

/** The content could not be loaded; `problems` holds every error found (and any warnings). */
export class ContentError extends Error {
  override name = 'ContentError'
  readonly code = 'FEEDWRIGHT_INVALID_CONTENT'
  constructor (readonly problems: readonly Problem[]) {
    const errors = problems.filter((problem) => problem.severity === 'error')
    super(`Content is invalid: ${errors.length} error${errors.length === 1 ? '' : 's'}\n${errors.map(formatProblem).join('\n')}`)
  }
}

/** The command line was used wrongly; the message says how to use it. */
export class UsageError extends Error {
  override name = 'UsageError'
  readonly code = 'FEEDWRIGHT_USAGE'
}

/** An import could not fetch or read its source; the message names the URL or file and what failed. */
export class ImportError extends Error {
  override name = 'ImportError'
  constructor (message: string, readonly code: 'FEEDWRIGHT_IMPORT_HTTP' | 'FEEDWRIGHT_IMPORT_NETWORK' | 'FEEDWRIGHT_IMPORT_TOO_LARGE' | 'FEEDWRIGHT_IMPORT_FORMAT' | 'FEEDWRIGHT_IMPORT_LENGTH', readonly status?: number) {
    super(message)
  }
}
