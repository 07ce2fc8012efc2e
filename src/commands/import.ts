import path from 'node:path'
import { ImportError } from '../errors.ts'
import { importFeed, type ImportOptions, type ImportResult } from '../import/import-feed.ts'
import type { Output } from './options.ts'

export interface ImportCommandOptions extends Omit<ImportOptions, 'onProgress'> {
  /** Draw a progress line for downloads (only on a terminal). */
  readonly progress?: boolean
}

/**
 * Imports a feed into the content and media folders and prints what it wrote and what it could
 * not carry over. Exit code 1 with one line when the feed cannot be fetched or read.
 */
export async function importCommand (options: ImportCommandOptions, output: Output): Promise<number> {
  let result: ImportResult
  try {
    result = await importFeed({ ...options, onProgress: options.progress === true ? drawProgress(output) : undefined })
  } catch (error) {
    if (!(error instanceof ImportError)) throw error
    output.err(`feedwright import: ${error.message}\n`)
    return 1
  }
  if (options.progress === true) output.err('\r\x1b[K')
  const verb = options.dryRun === true ? 'would ' : ''
  for (const action of result.actions) {
    if (action.action === 'unchanged') continue
    output.out(`${verb}${action.action} ${action.file}${action.bytes === undefined ? '' : ` (${action.bytes} bytes)`}\n`)
  }
  // Items are counted by their issue files; an episode file goes with one of them.
  const count = (kind: string) => result.actions.filter((action) => action.action === kind && /[/\\]issues[/\\]/.test(action.file)).length
  const documents = plural(result.documents.length, `${result.format} document`)
  output.out(`${options.dryRun === true ? 'Dry run, nothing written: ' : ''}${plural(result.items, 'item')} (${result.episodes} with an episode) from ${documents}: ${count('create')} new, ${count('update')} updated, ${count('unchanged')} unchanged, ${count('conflict')} kept as you edited them\n`)
  if (result.movedTo !== undefined) output.out(`The feed moved permanently to ${result.movedTo}: import from there next time.\n`)
  if (result.report.length > 0) {
    output.out('\nNot carried over, or to check:\n')
    for (const entry of result.report) {
      output.out(`  ${entry.subject}\n`)
      for (const line of entry.lines) output.out(`    - ${line}\n`)
    }
  }
  output.out(`\nNext: feedwright validate --content ${shortPath(options.contentDir)} --media ${shortPath(options.mediaDir)}\n`)
  return 0
}

function plural (n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}

// Relative when inside the working directory, as the user would type it; else absolute.
function shortPath (dir: string): string {
  const relative = path.relative(process.cwd(), dir)
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? dir : relative
}

// One line, redrawn in place: only ever on a terminal, so logs and pipes stay clean.
function drawProgress (output: Output): (file: string, received: number, total: number | undefined) => void {
  let last = 0
  return (file, received, total) => {
    const now = Date.now()
    if (now - last < 100 && received !== total) return
    last = now
    const megabytes = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)
    const share = total === undefined || total === 0 ? '' : ` ${String(Math.floor((received / total) * 100)).padStart(3)}% [${'#'.repeat(Math.floor((received / total) * 20)).padEnd(20, '.')}]`
    output.err(`\r\x1b[K${file}${share} ${megabytes(received)}${total === undefined ? '' : `/${megabytes(total)}`} MB`)
  }
}
