import { createReadStream, type Stats } from 'node:fs'
import { lstat, readdir, readFile, realpath } from 'node:fs/promises'
import path from 'node:path'
import { mapLimited } from '../map-limited.ts'
import type { Publication } from '../model/publication.ts'

/** One file under `media/` that may be served, with what a response needs to know about it. */
export interface MediaEntry {
  /** Path relative to `media/` with forward slashes: the URL path under `/media/`. */
  readonly path: string
  readonly absolutePath: string
  readonly size: number
  readonly modified: Date
  readonly type: string
  /** Strong validator from size and modification time, as nginx and Apache derive theirs. */
  readonly etag: string
  /** The bytes, when the file is small enough to keep in memory; larger files are read per request. */
  readonly bytes?: Buffer
}

export interface MediaIndexOptions {
  /** Files up to this size are kept in memory. */
  readonly maxFileInMemory?: number
  /** Total bytes kept in memory across files; the rest are streamed from disk. */
  readonly memoryBudget?: number
  /** The index made before: files with the same size and modification time keep their entry, bytes and all. */
  readonly previous?: ReadonlyMap<string, MediaEntry>
}

// By extension, for files no episode describes; an episode's audio type comes from its content.
const TYPES: Readonly<Record<string, string>> = {
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/x-m4a',
  '.mp4': 'video/mp4',
  '.ogg': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.wav': 'audio/wav',
  '.flac': 'audio/flac',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.vtt': 'text/vtt; charset=utf-8',
  '.srt': 'application/x-subrip; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf'
}

/**
 * Lists every regular file under `mediaDir` that may be served. The list is made once, so a request
 * is a lookup by exact path and can never reach a file outside it: symlinks whose target leaves
 * `media/` and dotfiles are not listed. Types the publication declares (chapters, true audio types)
 * win over the extension table.
 */
export async function indexMedia (mediaDir: string, mediaTypes: ReadonlyArray<readonly [string, string]>, options: MediaIndexOptions = {}): Promise<ReadonlyMap<string, MediaEntry>> {
  const { maxFileInMemory = 8 * 1024 * 1024, memoryBudget = 64 * 1024 * 1024 } = options
  const root = await realpath(mediaDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  // A newsletter without a podcast may have no media/ folder at all.
  if (root === undefined) return new Map()
  const declared = new Map(mediaTypes)
  // The memory budget goes to the files in the listing's order; their bytes are then read side by side.
  let budget = memoryBudget
  const listed = (await listFiles(root, root)).map((file) => {
    const inMemory = file.stats.size <= maxFileInMemory && file.stats.size <= budget
    if (inMemory) budget -= file.stats.size
    return { ...file, inMemory }
  })
  const entries = await mapLimited(listed, FILES_AT_ONCE, async ({ relativePath, absolutePath, stats, inMemory }): Promise<[string, MediaEntry]> => {
    const type = declared.get(relativePath) ?? TYPES[path.extname(relativePath).toLowerCase()] ?? 'application/octet-stream'
    const etag = `"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`
    const before = options.previous?.get(relativePath)
    const unchanged = before !== undefined && before.etag === etag && before.type === type && before.absolutePath === absolutePath && (before.bytes !== undefined) === inMemory
    return [relativePath, unchanged
      ? before
      : {
          path: relativePath,
          absolutePath,
          size: stats.size,
          modified: new Date(Math.floor(stats.mtimeMs / 1000) * 1000),
          type,
          etag,
          bytes: inMemory ? await readFile(absolutePath) : undefined
        }]
  })
  return new Map(entries)
}

/** Streams a byte range of a media file that is not kept in memory. */
export function streamMedia (entry: MediaEntry, start: number, end: number): NodeJS.ReadableStream {
  return createReadStream(entry.absolutePath, { start, end, highWaterMark: 256 * 1024 })
}

// Every file is a few system calls: a server indexes media/ at every publish, and two hundred
// episodes' audio one after the other kept each edit waiting tens of milliseconds, more while the
// thread pool was busy compressing.
const FILES_AT_ONCE = 16

interface ListedFile {
  /** Path relative to `media/`, with forward slashes. */
  readonly relativePath: string
  /** Where it is on disk, symlinks resolved. */
  readonly absolutePath: string
  readonly stats: Stats
}

async function listFiles (root: string, dir: string): Promise<ListedFile[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.')).sort((a, b) => a.name.localeCompare(b.name))
  const found = await mapLimited(entries, FILES_AT_ONCE, async (entry): Promise<ListedFile[]> => {
    const full = path.join(dir, entry.name)
    let target: string
    try {
      target = await realpath(full)
    } catch {
      return [] // a dangling symlink
    }
    const relative = path.relative(root, target)
    if (relative.startsWith('..') || path.isAbsolute(relative)) return []
    const stats = await lstat(target)
    if (stats.isDirectory() && entry.isDirectory()) return await listFiles(root, full)
    return stats.isFile() ? [{ relativePath: path.relative(root, full).split(path.sep).join('/'), absolutePath: target, stats }] : []
  })
  return found.flat()
}

/** The types the publication declares for its media files (true audio types, chapters), by path under media/. */
export function declaredMediaTypes (publication: Publication): Array<[string, string]> {
  const types = new Map<string, string>()
  const declare = (file: { path?: string, type: string } | undefined): void => {
    if (file?.path !== undefined) types.set(file.path, file.type)
  }
  declare(publication.site.artwork)
  for (const episode of publication.episodes) {
    declare(episode.audio)
    declare(episode.chapters)
    declare(episode.image?.type === undefined ? undefined : { path: episode.image.path, type: episode.image.type })
    for (const transcript of episode.transcripts) declare(transcript)
    for (const enclosure of episode.alternateEnclosures) declare(enclosure)
  }
  return [...types]
}
