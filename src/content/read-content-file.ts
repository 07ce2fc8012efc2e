import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, type BigIntStats } from 'node:fs'
import { lstat, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { isUtf8 } from 'node:buffer'

/** A `*.md` file of a content folder, found by listing it. */
export interface ContentEntry {
  /** The path to read it from. */
  readonly absolute: string
  /** Its file name without `.md`. */
  readonly name: string
}

/** Why a file cannot be content, and the line where that shows, when it is about a line. */
export interface Unreadable {
  readonly reason: string
  readonly line?: number
}

/** What a folder listing found: the entries to read, and why the others cannot be content. */
export interface ContentListing {
  /** The name of every `*.md` entry, read or not: what the listing's version is made from. */
  readonly names: readonly string[]
  readonly entries: readonly ContentEntry[]
  /** `name` is the file name as problems show it: bytes that are not UTF-8 and control characters as `\xNN`. */
  readonly refused: ReadonlyArray<{ readonly name: string, readonly reason: string }>
}

/**
 * Lists the `*.md` files of `dir`, a folder of the content folder `root`, sorted by name so output
 * order never depends on the disk. A missing folder is empty; a folder outside `root`, a name that
 * is not UTF-8 or holds control characters are refused. The lock and metadata files editors and
 * macOS leave beside a file (`.#x.md`, `._x.md`) are never content and are skipped.
 */
export async function listMarkdownFiles (root: string, dir: string): Promise<ContentListing | { reason: string }> {
  const folder = await checkInside(root, dir, 'folder')
  if (folder === 'missing') return { names: [], entries: [], refused: [] }
  if (typeof folder !== 'string') return folder
  if (!(await stat(folder).then((stats) => stats.isDirectory(), () => false))) return { reason: 'is a file, not a folder' }
  let names: Buffer[]
  try {
    // As bytes: Node would turn a name that is not UTF-8 into one that names no file.
    names = await readdir(dir, { encoding: 'buffer' })
  } catch (error) {
    return { reason: `could not be listed: ${describeIoError(error)}` }
  }
  const entries: ContentEntry[] = []
  const refused: Array<{ name: string, reason: string }> = []
  const markdown: string[] = []
  for (const bytes of names.sort(Buffer.compare)) {
    if (bytes.subarray(-3).equals(Buffer.from('.md'))) markdown.push(bytes.toString())
    if (!bytes.subarray(-3).equals(Buffer.from('.md')) || (bytes[0] === 0x2e && (bytes[1] === 0x23 || bytes[1] === 0x5f))) continue
    if (!isUtf8(bytes)) refused.push({ name: showFileName(bytes), reason: 'the file name is not UTF-8; rename it' })
    else if (CONTROL.test(bytes.toString())) refused.push({ name: showFileName(bytes), reason: 'the file name holds control characters; rename it' })
    else entries.push({ absolute: path.join(dir, bytes.toString()), name: bytes.toString().slice(0, -'.md'.length) })
  }
  return { names: markdown, entries, refused }
}

/**
 * Checks that `file`, an entry of a folder already known to be inside `root` (listed by
 * listMarkdownFiles, or `root` itself), can be read as content: a regular file (never a FIFO,
 * socket or device, which could block reading forever) inside `root` once symlinks are followed,
 * of at most `maxBytes`. Returns its stats, or why it cannot be read.
 */
export async function checkContentFile (root: string, file: string, maxBytes: number): Promise<{ stats: BigIntStats } | Unreadable | 'missing'> {
  try {
    // One system call for the usual case: a file that is not a symlink is where its folder is.
    // Made without waiting: answered from the kernel's cache, it takes a few microseconds, a
    // quarter of the time a trip through the thread pool adds, and a reload makes one per file.
    const entry = lstatSync(file, { bigint: true })
    if (!entry.isSymbolicLink()) return checkedFile(entry, maxBytes)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    return { reason: describeIoError(error) }
  }
  const real = await checkInside(root, file, 'file')
  if (typeof real !== 'string') return real
  try {
    return checkedFile(await stat(real, { bigint: true }), maxBytes)
  } catch (error) {
    return { reason: describeIoError(error) }
  }
}

function checkedFile (stats: BigIntStats, maxBytes: number): { stats: BigIntStats } | Unreadable {
  if (stats.isDirectory()) return { reason: 'is a folder, not a file' }
  if (!stats.isFile()) return { reason: 'is not a regular file (a FIFO, socket or device?); only files can be content' }
  if (stats.size > maxBytes) return { reason: `is ${Math.ceil(Number(stats.size) / 1024)} KiB; at most ${maxBytes / 1024} KiB are allowed` }
  return { stats }
}

/**
 * Reads a checked file as UTF-8 text. Opens without blocking and checks the opened file again, so a
 * file swapped for a FIFO since the check cannot block; never reads more than `maxBytes`. Reads
 * without waiting, as the check does: a file just listed and checked is in the kernel's cache, and
 * four trips through the thread pool per file (open, stat, read, close) took 1.8 s of the loading
 * thread in a cold load of 10,000 issues.
 */
export function readContentText (file: string, maxBytes: number): { text: string, bytes: Buffer } | Unreadable {
  let bytes: Buffer
  try {
    const descriptor = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
    try {
      const stats = fstatSync(descriptor)
      if (!stats.isFile()) return { reason: 'is not a regular file (a FIFO, socket or device?); only files can be content' }
      // One byte more than allowed, to tell a file that grew past the limit since it was checked.
      bytes = Buffer.alloc(Math.min(stats.size, maxBytes) + 1)
      let filled = 0
      while (filled < bytes.length) {
        const read = readSync(descriptor, bytes, filled, bytes.length - filled, filled)
        if (read === 0) break
        filled += read
      }
      bytes = bytes.subarray(0, filled)
    } finally {
      closeSync(descriptor)
    }
  } catch (error) {
    return { reason: describeIoError(error) }
  }
  return decodeContentText(bytes, maxBytes)
}

function decodeContentText (bytes: Buffer, maxBytes: number): { text: string, bytes: Buffer } | Unreadable {
  if (bytes.length > maxBytes) return { reason: `is more than ${maxBytes / 1024} KiB; at most ${maxBytes / 1024} KiB are allowed` }
  if (bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) || bytes.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]))) {
    return { reason: 'is UTF-16 text; save it as UTF-8' }
  }
  if (!isUtf8(bytes)) {
    // Decoding replaces each bad sequence with U+FFFD: its line is close enough to find it.
    const decoded = bytes.toString('utf8')
    return { reason: 'is not UTF-8 text (this line holds the first byte that is not); save it as UTF-8', line: decoded.slice(0, decoded.indexOf('\uFFFD')).split('\n').length }
  }
  return { text: bytes.toString('utf8'), bytes }
}

/** An I/O error in words, without the absolute path Node puts in its messages. */
export function describeIoError (error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT': return 'disappeared while being read'
    case 'EACCES': case 'EPERM': return 'could not be read: permission denied'
    case 'EISDIR': return 'is a folder, not a file'
    case 'ELOOP': return 'is a symlink loop'
    case 'ENAMETOOLONG': return 'has too long a name'
    case 'EMFILE': case 'ENFILE': return 'could not be read: too many open files'
    default: return `could not be read (${code ?? (error as Error).name})`
  }
}

// C0 and C1 controls and DEL: they would break the one-line problem that names the file.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/

// A file name as problems show it: UTF-8 as it is, every other byte and control character as \xNN.
function showFileName (bytes: Buffer): string {
  const text = isUtf8(bytes) ? bytes.toString() : [...bytes].map((byte) => byte < 0x80 ? String.fromCharCode(byte) : `\\x${hex(byte)}`).join('')
  return text.replace(new RegExp(CONTROL.source, 'g'), (character) => `\\x${hex(character.charCodeAt(0))}`)
}

function hex (code: number): string {
  return code.toString(16).toUpperCase().padStart(2, '0')
}

// Resolves symlinks and checks the result stays inside `root`, as media paths do.
async function checkInside (root: string, file: string, kind: 'file' | 'folder'): Promise<string | { reason: string } | 'missing'> {
  let real: string
  try {
    real = await realpath(file)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return { reason: describeIoError(error) }
    const link = await lstat(file).catch(() => undefined)
    return link?.isSymbolicLink() === true ? { reason: 'is a symlink to something that does not exist' } : 'missing'
  }
  const realRoot = await realpath(root).catch(() => path.resolve(root))
  const relative = path.relative(realRoot, real)
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    return { reason: `is a symlink that points outside content/; every ${kind} of a publication must be inside its content folder` }
  }
  return real
}
