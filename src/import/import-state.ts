import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'

/** The file in the content folder where import remembers what it wrote. */
export const STATE_FILE = 'import-state.json'

/**
 * What earlier imports wrote: which files belong to which item (by its GUID or id), which media
 * file came from which URL, and a hash of each file as written, so a file the user changed since
 * is recognised and never overwritten.
 */
export interface ImportState {
  readonly version: 1
  /** Item id → its files, relative to the content folder. */
  readonly items: Record<string, { issue: string, episode?: string }>
  /** Media URL → file name under the media folder. */
  readonly media: Record<string, string>
  /** File (relative to the content folder) → SHA-256 of the text import wrote there. */
  readonly written: Record<string, string>
}

export function emptyState (): ImportState {
  return { version: 1, items: {}, media: {}, written: {} }
}

/** Reads the state file; a missing one is an empty state (a first import). */
export async function readState (contentDir: string): Promise<ImportState> {
  let text: string
  try {
    text = await readFile(path.join(contentDir, STATE_FILE), 'utf8')
  } catch {
    return emptyState()
  }
  const parsed = JSON.parse(text) as Partial<ImportState>
  return { version: 1, items: parsed.items ?? {}, media: parsed.media ?? {}, written: parsed.written ?? {} }
}

/** The state as written: keys sorted, so a second import that changes nothing leaves the same bytes. */
export function serializeState (state: ImportState): string {
  const sorted = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0))
  return `${JSON.stringify({ version: 1, items: sorted(state.items), media: sorted(state.media), written: sorted(state.written) }, null, 2)}\n`
}

export function hashText (text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
