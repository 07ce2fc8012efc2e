import path from 'node:path'
import { createHash } from 'node:crypto'
import { ContentError, type Problem } from '../errors.ts'
import { mapLimited } from '../map-limited.ts'
import { bodyOf, parseMarkdownFile, type MarkdownFile } from './front-matter.ts'
import { LIMITS } from './limits.ts'
import { fileDigest, listingVersion, type LoadCache } from './load-cache.ts'
import { checkContentFile, listMarkdownFiles, readContentText, readContentTextSync } from './read-content-file.ts'
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
  const shownDir = displayPath(dir)
  const shown = listing.entries.map(({ absolute }) => path.join(shownDir, path.basename(absolute)))
  const read = await mapLimited(listing.entries, 64, async ({ absolute }, index) => await readMarkdownFile(root, absolute, shown[index]!, cache))
  const files: ContentFile[] = []
  listing.entries.forEach(({ absolute, name }, index) => {
    const parsed = read[index]!
    if (Array.isArray(parsed)) sink.push(...parsed)
    else {
      sink.push(...parsed.warnings)
      const { body, ...rest } = parsed
      // The body is not kept in the cache: it is needed only when its Markdown is rendered again,
      // and then read from the file again.
      let known = body
      files.push({ ...rest, lineOf: (field) => lineOfField(parsed.lines, field), file: shown[index]!, name, get body () { return (known ??= readBodyAgain(absolute, parsed.digest)) } })
    }
  })
  return files
}

// Parsed once per version of the file: a reload re-reads only the files that changed. Kept as
// plain data (no lineOf function, no body), so the cache can be written to disk between runs.
async function readMarkdownFile (root: string, absolute: string, file: string, cache: LoadCache): Promise<Omit<MarkdownFile, 'lineOf' | 'body'> & { body?: string, digest: string, modifiedMs: number } | Problem[]> {
  const checked = await checkContentFile(root, absolute, LIMITS.markdownFileBytes)
  // Listed a moment ago and gone now: an editor saving by rename; the next reload sees the new file.
  if (checked === 'missing') return [{ file, message: 'disappeared while being read', severity: 'error' }]
  if ('reason' in checked) return [{ file, message: checked.reason, severity: 'error' }]
  const read = async () => await readContentText(absolute, LIMITS.markdownFileBytes)
  const version = await fileDigest(absolute, checked.stats, cache, read)
  if ('reason' in version) return [{ file, line: version.line, message: version.reason, severity: 'error' }]
  let body: string | undefined
  const parsed = await cache.remember('content', `${file}\0${version.digest}`, async () => {
    const text = version.read ?? await read()
    if ('reason' in text) return [{ file, line: text.line, message: text.reason, severity: 'error' as const }]
    const markdown = parseMarkdownFile(text.text, file)
    if (Array.isArray(markdown)) return markdown
    const { lineOf: _lineOf, body: markdownBody, ...data } = markdown
    body = markdownBody
    return data
  })
  return Array.isArray(parsed) ? parsed : { ...parsed, body, digest: version.digest, modifiedMs: Number(checked.stats.mtimeMs) }
}

/**
 * The body of a file read earlier in this load, read again: the bytes must be the ones read then,
 * or whatever was worked out from them would be mixed with what they are now.
 */
function readBodyAgain (file: string, digest: string): string {
  const text = readContentTextSync(file, LIMITS.markdownFileBytes)
  if ('reason' in text || createHash('sha1').update(text.bytes).digest('base64url') !== digest) {
    throw new ContentError([{ file: displayPath(file), message: 'changed while being read; it is read again at the next publish', severity: 'error' }])
  }
  return bodyOf(text.text)
}

/** A path as problems show it: relative to the working directory when inside it, so it is short and clickable. */
export function displayPath (file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
