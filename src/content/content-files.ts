import path from 'node:path'
import type { Problem } from '../errors.ts'
import { parseMarkdownFile, type MarkdownFile } from './front-matter.ts'
import { LIMITS } from './limits.ts'
import type { LoadCache } from './load-cache.ts'
import { checkContentFile, listMarkdownFiles, readContentText } from './read-content-file.ts'

/** A parsed Markdown file of a content folder, named by its file name without `.md`. */
export interface ContentFile extends MarkdownFile {
  readonly file: string
  readonly name: string
}

/**
 * Reads every `*.md` in the folder `folder` of the content folder `root` (sorted by name, so
 * output order never depends on the disk); a missing folder is empty. Whatever is wrong with an
 * entry, from its name to its bytes, is a problem naming it; nothing is skipped silently.
 */
export async function readContentFiles (root: string, folder: string, sink: Problem[], cache: LoadCache): Promise<ContentFile[]> {
  const dir = path.join(root, folder)
  const listing = await listMarkdownFiles(root, dir)
  if ('reason' in listing) {
    sink.push({ file: displayPath(dir), message: listing.reason, severity: 'error' })
    return []
  }
  for (const { name, reason } of listing.refused) sink.push({ file: `${displayPath(dir)}${path.sep}${name}`, message: reason, severity: 'error' })
  const files: ContentFile[] = []
  for (const { absolute, name } of listing.entries) {
    const file = displayPath(absolute)
    const parsed = await readMarkdownFile(root, absolute, file, cache)
    if (Array.isArray(parsed)) sink.push(...parsed)
    else files.push({ ...parsed, file, name })
  }
  return files
}

// Parsed once per version of the file: a reload re-reads only the files that changed.
async function readMarkdownFile (root: string, absolute: string, file: string, cache: LoadCache): Promise<MarkdownFile | Problem[]> {
  const checked = await checkContentFile(root, absolute, LIMITS.markdownFileBytes)
  // Listed a moment ago and gone now: an editor saving by rename; the next reload sees the new file.
  if (checked === 'missing') return [{ file, message: 'disappeared while being read', severity: 'error' }]
  if ('reason' in checked) return [{ file, message: checked.reason, severity: 'error' }]
  return await cache.remember('content', checked.version, async () => {
    const read = await readContentText(absolute, LIMITS.markdownFileBytes)
    if ('reason' in read) return [{ file, line: read.line, message: read.reason, severity: 'error' as const }]
    return parseMarkdownFile(read.text, file)
  })
}

/** A path as problems show it: relative to the working directory when inside it, so it is short and clickable. */
export function displayPath (file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
