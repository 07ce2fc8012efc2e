import { lstatSync } from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import { ContentError, type Problem } from '../errors.ts'
import { mapLimited } from '../map-limited.ts'
import { bodyOf, parseMarkdownFile, type MarkdownFile } from './front-matter.ts'
import { LIMITS } from './limits.ts'
import { fileDigest, listingVersion, type LoadCache } from './load-cache.ts'
import { changedEntries, type ChangedPaths } from './changed-paths.ts'
import { checkContentFile, listMarkdownFiles, readContentText, type ContentListing } from './read-content-file.ts'
import type { MarkdownSource } from './markdown.ts'
import { lineOfField } from './yaml-document.ts'

/** A parsed Markdown file of a content folder, named by its file name without `.md`. */
export interface ContentFile extends MarkdownFile {
  /** The path as problems show it (see displayPath). */
  readonly file: string
  readonly absolute: string
  readonly name: string
  /** Hash of the file's bytes: names the work done on it in the load cache. */
  readonly digest: string
  /** When the file was last changed (its modification time, in ms). */
  readonly modifiedMs: number
}

/**
 * What loads read from each content folder, file by file: a live server keeps it from one load to
 * the next, so that after an edit only the files the watcher named are read again (see ChangedPaths).
 */
export type ContentReadings = Map<string, FolderReading>

interface FolderReading {
  readonly listing: ContentListing
  /** The listing's version, as noted for changedSinceRead. */
  readonly version: string
  /** By absolute path. */
  readonly files: Map<string, FileReading>
}

/** One file as a load read it: kept without its body, which is read again if it is ever needed. */
interface FileReading {
  readonly result: ParsedFile | Problem[]
  /** The file's version when it was read, as noted for changedSinceRead (none when it could not be). */
  readonly version?: string
  /**
   * The content file the next loads take while the file does not change: the very same object
   * each time, so that what is worked out from it is found by identity, without a look-up.
   */
  readonly content?: ContentFile
}

type ParsedFile = Omit<MarkdownFile, 'lineOf' | 'body'> & { body?: string, digest: string, modifiedMs: number }

/**
 * Reads every `*.md` in the folder `folder` of the content folder `root` (sorted by name, so
 * output order never depends on the disk); a missing folder is empty. Whatever is wrong with an
 * entry, from its name to its bytes, is a problem naming it; nothing is skipped silently.
 *
 * Given `readings` from earlier loads, it takes every file that `changed` does not touch as that
 * load read it, without looking at the disk, and lists the folder again only when something in it
 * changed: an edit of one file of ten thousand reads one file. The result is the same as reading
 * everything, as long as `changed` names every change (a live server checks that after each
 * publish, see changedInputs). Such a file is the same ContentFile object as that load's, and
 * nothing of it is looked up in the cache: a load told what changed does not sweep it (see
 * LoadCache.sweep), so what the file needs stays there.
 *
 * `onParsed` is given the body of each file parsed afresh as soon as it is: a load renders its
 * Markdown while it reads the rest.
 */
export async function readContentFiles (root: string, folder: string, sink: Problem[], cache: LoadCache, readings?: ContentReadings, changed?: ChangedPaths, onParsed?: (source: MarkdownSource) => void): Promise<ContentFile[]> {
  const dir = path.join(root, folder)
  const earlier = readings?.get(dir)
  const touched = earlier === undefined ? 'all' : changedEntries(changed, dir)
  const listed = touched !== 'all' && sameListing(earlier!.listing, dir, touched) ? earlier! : await listMarkdownFiles(root, dir)
  if ('reason' in listed) {
    readings?.delete(dir)
    sink.push({ file: displayPath(dir), message: listed.reason, severity: 'error' })
    return []
  }
  const { listing, version } = 'listing' in listed ? listed : { listing: listed, version: listingVersion(listed.names) }
  cache.noteInput(`${dir}${path.sep}`, version)
  for (const { name, reason } of listing.refused) sink.push({ file: `${displayPath(dir)}${path.sep}${name}`, message: reason, severity: 'error' })
  const shownDir = displayPath(dir)
  const shown = (name: string): string => path.join(shownDir, `${name}.md`)
  const read: FileReading[] = new Array(listing.entries.length)
  const unread: number[] = []
  listing.entries.forEach(({ absolute, name }, index) => {
    const kept = touched === 'all' || touched.has(`${name}.md`) ? undefined : earlier!.files.get(absolute)
    if (kept === undefined) {
      unread.push(index)
      return
    }
    if (kept.version !== undefined) cache.noteInput(absolute, kept.version)
    read[index] = kept
  })
  // Many files at once: each is a few system calls, and one after the other they would wait on
  // the disk in turn. The results keep the listing's order.
  await mapLimited(unread, 64, async (index) => {
    const { absolute, name } = listing.entries[index]!
    const reading = read[index] = await readMarkdownFile(root, absolute, shown(name), cache)
    if (!Array.isArray(reading.result) && reading.result.body !== undefined) onParsed?.({ body: reading.result.body, digest: reading.result.digest })
  })
  const files: ContentFile[] = []
  listing.entries.forEach(({ absolute, name }, index) => {
    const reading = read[index]!
    const { result } = reading
    if (Array.isArray(result)) sink.push(...result)
    else {
      if (result.warnings.length > 0) sink.push(...result.warnings)
      files.push(reading.content ?? contentFile(result, shown(name), name, absolute, true))
    }
  })
  if (readings === undefined) return files
  // The same listing: only the files read again change what is kept.
  const keep = listed === earlier ? earlier.files : new Map<string, FileReading>()
  for (const index of listed === earlier ? unread : listing.entries.keys()) {
    const { absolute, name } = listing.entries[index]!
    keep.set(absolute, toKeep(read[index]!, shown(name), name, absolute))
  }
  readings.set(dir, { listing, version, files: keep })
  return files
}

/**
 * Whether the folder still lists what it did, as far as the entries named changed can tell: each
 * Markdown file among them is there now exactly if it was listed then. Editing a file leaves the
 * listing as it was, and it is not made again (ten thousand names take a while to list and sort).
 */
function sameListing (listing: ContentListing, dir: string, touched: ReadonlySet<string>): boolean {
  for (const name of touched) {
    if (!name.endsWith('.md')) continue
    let there: boolean
    try {
      lstatSync(path.join(dir, name))
      there = true
    } catch {
      there = false
    }
    if (there !== listing.names.includes(name)) return false
  }
  return true
}

// The parsed file as the load uses it. The body is not kept in the cache or the readings: it is
// needed only when its Markdown is rendered again, and then read from the file again. A file of
// this load keeps a body read again until the load ends; one kept for the next loads never does,
// or the bodies of a whole archive would pile up in memory one re-render at a time.
function contentFile (parsed: ParsedFile, file: string, name: string, absolute: string, keepBody: boolean): ContentFile {
  return new ParsedContentFile(parsed, file, name, absolute, keepBody)
}

// A class, so that ten thousand files share one hidden class and one `body` getter: a getter
// written in each object literal gives each object a class of its own, and V8 slow properties.
class ParsedContentFile implements ContentFile {
  readonly data: ParsedFile['data']
  readonly lines: ParsedFile['lines']
  readonly warnings: ParsedFile['warnings']
  readonly digest: string
  readonly modifiedMs: number
  readonly lineOf: ContentFile['lineOf']
  readonly #keepBody: boolean
  #known: string | undefined

  constructor (parsed: ParsedFile, readonly file: string, readonly name: string, readonly absolute: string, keepBody: boolean) {
    this.#keepBody = keepBody
    this.data = parsed.data
    this.lines = parsed.lines
    this.warnings = parsed.warnings
    this.digest = parsed.digest
    this.modifiedMs = parsed.modifiedMs
    this.lineOf = (field) => lineOfField(parsed.lines, field)
    this.#known = parsed.body
  }

  get body (): string {
    if (this.#known !== undefined) return this.#known
    const body = readBodyAgain(this.absolute, this.digest)
    if (this.#keepBody) this.#known = body
    return body
  }
}

// What a file's parsed front matter is remembered under: its path and its bytes. The path is the
// absolute one, so that a build run from another folder than the last one, or a server and a
// build that share the cache folder from different folders, take what the other read.
function contentKey (absolute: string, digest: string): string {
  return `${absolute}\0${digest}`
}

/**
 * Problems about one file remembered by a load that ran in another working folder name the file
 * as it showed it there: they name it as this load shows it.
 */
export function shownAs<T extends { readonly file: string }> (problems: readonly T[], file: string): T[] {
  return problems.map((problem) => problem.file === file ? problem : { ...problem, file })
}

// A reading as the next loads take it: without the body, with the content file they all share.
function toKeep (reading: FileReading, file: string, name: string, absolute: string): FileReading {
  if (Array.isArray(reading.result) || reading.content !== undefined) return reading
  const { body: _body, ...result } = reading.result
  return { ...reading, result, content: contentFile(result, file, name, absolute, false) }
}

// Parsed once per version of the file: a reload re-reads only the files that changed. Kept as
// plain data (no lineOf function, no body), so the cache can be written to disk between runs.
async function readMarkdownFile (root: string, absolute: string, file: string, cache: LoadCache): Promise<FileReading> {
  const checked = await checkContentFile(root, absolute, LIMITS.markdownFileBytes)
  // Listed a moment ago and gone now: an editor saving by rename; the next reload sees the new file.
  if (checked === 'missing') return { result: [{ file, message: 'disappeared while being read', severity: 'error' }] }
  if ('reason' in checked) return { result: [{ file, message: checked.reason, severity: 'error' }] }
  const read = () => readContentText(absolute, LIMITS.markdownFileBytes)
  const digested = fileDigest(absolute, checked.stats, cache, read)
  const { version } = digested
  if ('reason' in digested) return { result: [{ file, line: digested.line, message: digested.reason, severity: 'error' }], version }
  let body: string | undefined
  const remembered = await cache.remember('content', contentKey(absolute, digested.digest), async () => {
    const text = digested.read ?? read()
    if ('reason' in text) return [{ file, line: text.line, message: text.reason, severity: 'error' as const }]
    const markdown = parseMarkdownFile(text.text, file)
    if (Array.isArray(markdown)) return markdown
    const { lineOf: _lineOf, body: markdownBody, ...data } = markdown
    body = markdownBody
    return data
  })
  if (Array.isArray(remembered)) return { result: shownAs(remembered, file), version }
  return { result: { ...remembered, warnings: shownAs(remembered.warnings, file), body, digest: digested.digest, modifiedMs: Number(checked.stats.mtimeMs) }, version }
}

/**
 * The body of a file read earlier in this load, read again: the bytes must be the ones read then,
 * or whatever was worked out from them would be mixed with what they are now.
 */
function readBodyAgain (file: string, digest: string): string {
  const text = readContentText(file, LIMITS.markdownFileBytes)
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
