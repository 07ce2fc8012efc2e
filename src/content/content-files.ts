import path from 'node:path'
import type { Problem } from '../errors.ts'
import { parseMarkdownFile, type MarkdownFile } from './front-matter.ts'
import { LIMITS } from './limits.ts'
import { fileDigest, listingVersion, type LoadCache } from './load-cache.ts'
import { checkContentFile, listMarkdownFiles, readContentText } from './read-content-file.ts'
import { lineOfField } from './yaml-document.ts'

/** A parsed Markdown file of a content folder, named by its file name without `.md`. */
export interface ContentFile extends MarkdownFile {
  readonly file: string
  readonly name: string
  /** Hash of the file's bytes: names the work done on it in the load cache. */
  readonly digest: string
  /** When the file was last changed (its modification time, in ms). */
  readonly modifiedMs: number
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
  cache.noteInput(`${dir}${path.sep}`, listingVersion(listing.names))
  for (const { name, reason } of listing.refused) sink.push({ file: `${displayPath(dir)}${path.sep}${name}`, message: reason, severity: 'error' })
  // Many files at once: each is a few system calls, and one after the other they would wait on
  // the disk in turn. The results keep the listing's order.
  const read = await mapLimited(listing.entries, 64, async ({ absolute }) => await readMarkdownFile(root, absolute, displayPath(absolute), cache))
  const files: ContentFile[] = []
  listing.entries.forEach(({ absolute, name }, index) => {
    const parsed = read[index]!
    if (Array.isArray(parsed)) sink.push(...parsed)
    else {
      sink.push(...parsed.warnings)
      files.push({ ...parsed, lineOf: (field) => lineOfField(parsed.lines, field), file: displayPath(absolute), name })
    }
  })
  return files
}

async function mapLimited<T, R> (items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index]!)
    }
  }))
  return results
}

// Parsed once per version of the file: a reload re-reads only the files that changed. Kept as
// plain data (no lineOf function), so the cache can be written to disk between runs.
async function readMarkdownFile (root: string, absolute: string, file: string, cache: LoadCache): Promise<Omit<MarkdownFile, 'lineOf'> & { digest: string, modifiedMs: number } | Problem[]> {
  const checked = await checkContentFile(root, absolute, LIMITS.markdownFileBytes)
  // Listed a moment ago and gone now: an editor saving by rename; the next reload sees the new file.
  if (checked === 'missing') return [{ file, message: 'disappeared while being read', severity: 'error' }]
  if ('reason' in checked) return [{ file, message: checked.reason, severity: 'error' }]
  const read = async () => await readContentText(absolute, LIMITS.markdownFileBytes)
  const version = await fileDigest(absolute, checked.stats, cache, read)
  if ('reason' in version) return [{ file, line: version.line, message: version.reason, severity: 'error' }]
  const parsed = await cache.remember('content', `${file}\0${version.digest}`, async () => {
    const text = version.read ?? await read()
    if ('reason' in text) return [{ file, line: text.line, message: text.reason, severity: 'error' as const }]
    const markdown = parseMarkdownFile(text.text, file)
    if (Array.isArray(markdown)) return markdown
    const { lineOf: _lineOf, ...data } = markdown
    return data
  })
  return Array.isArray(parsed) ? parsed : { ...parsed, digest: version.digest, modifiedMs: Number(checked.stats.mtimeMs) }
}

/** A path as problems show it: relative to the working directory when inside it, so it is short and clickable. */
export function displayPath (file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
