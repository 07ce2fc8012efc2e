import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { CODE_VERSION } from '../code-version.ts'
import { mapLimited } from '../map-limited.ts'

/**
 * Remembers work done on inputs that have not changed since the last load, so a reload of a large
 * archive re-reads and re-parses only the files that changed. Entries not used by a load are
 * dropped when it ends, so the cache never holds more than one publication's worth.
 *
 * With a cache folder, the bulky kinds (rendered Markdown) are kept one file per entry and read
 * only when asked for: a reload after one edit then reads and writes a small index, not every
 * issue's HTML, and a server keeps none of it in memory between publishes.
 */
export interface LoadCache {
  /** Returns the remembered result for `key`, or computes and remembers it. */
  remember<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T>
  rememberSync<T>(kind: string, key: string, compute: () => T): T
  /** The remembered result for `key` (which the load then counts as used), or undefined. */
  peek<T>(kind: string, key: string): T | undefined
  /** Whether a result for `key` is remembered (the load then counts it as used), without reading it. */
  has (kind: string, key: string): boolean
  /** Remembers a result computed elsewhere (in a worker thread). */
  put (kind: string, key: string, value: unknown): void
  /**
   * Ends a load: forgets every entry it did not use (unless `forget` is false), and returns how
   * many results it computed afresh, by kind, so logs and tests can see what a reload really
   * re-read. A load that took most files as the last one read them, without looking anything of
   * theirs up, must not forget: it keeps the entries of files that changed since, until the next
   * load that reads everything.
   */
  sweep(forget?: boolean): Record<string, number>
  /** Writes what the last load used to the cache folder, for the next run; values must be plain data. */
  save (): Promise<void>
  /** Records that the load read `file` when its version (see fileVersion) was `version`. */
  noteInput (file: string, version: string): void
  /**
   * Every file (and folder listing) read since the last call, with the version it had then: what
   * a live server compares with the disk after publishing, so that no edit can go unnoticed.
   */
  takeInputs (): Map<string, string>
}

// Kinds whose values are large and needed only for what is rendered again: kept out of the index.
const BULKY_KINDS = new Set(['markdown'])

/** Where a bulky entry kept in its own file is, relative to the folder of bulky entries. */
interface KeptApart {
  readonly keptApart: string
}

function isKeptApart (value: unknown): value is KeptApart {
  return typeof value === 'object' && value !== null && typeof (value as Partial<KeptApart>).keptApart === 'string'
}

/** A cache that starts empty, or with what the cache folder `cacheDir` kept from an earlier run of the same feedwright. */
export async function openLoadCache (cacheDir?: string): Promise<LoadCache> {
  if (cacheDir === undefined) return createLoadCache()
  let kept: { version?: string, entries?: Map<string, unknown> } | undefined
  try {
    kept = deserialize(await readFile(indexFile(cacheDir)))
  } catch {
    // Missing, or not an index at all: started afresh.
  }
  // Work done by other code may be different work: only the very same feedwright's is trusted.
  if (kept?.version === CODE_VERSION && kept.entries instanceof Map) return createLoadCache(cacheDir, kept.entries)
  // Without an index, no file of bulky entries is named by anything any more.
  await rm(bulkyFolder(cacheDir), { recursive: true, force: true })
  return createLoadCache(cacheDir)
}

function indexFile (cacheDir: string): string {
  return path.join(cacheDir, 'load-cache.v8')
}

function bulkyFolder (cacheDir: string): string {
  return path.join(cacheDir, 'load')
}

/** A remembered result, and the number of the last load that used it. */
interface Entry {
  value: unknown
  usedBy: number
}

/** A cache kept in memory only, or (with `cacheDir`) saved there and starting from `initial`. */
export function createLoadCache (cacheDir?: string, initial?: Map<string, unknown>): LoadCache {
  // One map, each entry marked with the load that used it last: a look-up is one get and one
  // number written, which counts when a reload of ten thousand files makes several per file.
  const entries = new Map<string, Entry>()
  let load = 1
  if (initial !== undefined) for (const [id, value] of initial) entries.set(id, { value, usedBy: 0 })
  let misses: Record<string, number> = {}
  let dirty = initial === undefined
  let inputs = new Map<string, string>()
  // Files of bulky entries dropped since the last save, deleted once the index no longer names them.
  const dropped = new Set<string>()
  const bulky = (id: string): boolean => cacheDir !== undefined && BULKY_KINDS.has(id.slice(0, id.indexOf('\0')))
  const read = (id: string, value: unknown): unknown => {
    if (!isKeptApart(value)) return value
    try {
      return deserialize(readFileSync(path.join(bulkyFolder(cacheDir!), value.keptApart)))
    } catch {
      // Deleted or cut short by someone else: computed again, like any entry the cache lacks.
      entries.delete(id)
      return undefined
    }
  }
  const marked = (id: string): Entry | undefined => {
    const entry = entries.get(id)
    if (entry !== undefined) entry.usedBy = load
    return entry
  }
  const remembered = (id: string): { hit: boolean, value?: unknown } => {
    const entry = marked(id)
    if (entry === undefined) return { hit: false }
    const value = read(id, entry.value)
    return value === undefined ? { hit: false } : { hit: true, value }
  }
  const store = (kind: string, id: string, value: unknown): void => {
    const before = entries.get(id)
    if (before !== undefined && isKeptApart(before.value)) dropped.add(before.value.keptApart)
    entries.set(id, { value, usedBy: load })
    misses[kind] = (misses[kind] ?? 0) + 1
    dirty = true
  }
  return {
    async remember<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T> {
      const id = `${kind}\0${key}`
      const { hit, value } = remembered(id)
      if (hit) return value as T
      const computed = await compute()
      store(kind, id, computed)
      return computed
    },
    rememberSync<T>(kind: string, key: string, compute: () => T): T {
      const id = `${kind}\0${key}`
      const { hit, value } = remembered(id)
      if (hit) return value as T
      const computed = compute()
      store(kind, id, computed)
      return computed
    },
    peek<T>(kind: string, key: string): T | undefined {
      return remembered(`${kind}\0${key}`).value as T | undefined
    },
    has: (kind, key) => marked(`${kind}\0${key}`) !== undefined,
    put: (kind, key, value) => { store(kind, `${kind}\0${key}`, value) },
    sweep (forget = true) {
      const finished = misses
      for (const [id, entry] of forget ? entries : []) {
        if (entry.usedBy === load) continue
        entries.delete(id)
        dirty = true
        if (isKeptApart(entry.value)) dropped.add(entry.value.keptApart)
      }
      load++
      misses = {}
      return finished
    },
    noteInput: (file, version) => { inputs.set(file, version) },
    takeInputs: () => {
      const taken = inputs
      inputs = new Map()
      return taken
    },
    async save () {
      if (cacheDir === undefined || !dirty) return
      // What the last finished load used, and what a load going on meanwhile (a live server saves
      // on a timer) has used or computed so far: it marks the cache dirty again, so the rest of
      // its work is saved next time.
      dirty = false
      const folder = bulkyFolder(cacheDir)
      await mkdir(folder, { recursive: true })
      // Bulky entries computed since the last save go to their own files first, then the index
      // that names them; each is written under another name and renamed, so a crash never leaves
      // an index naming a file that is not all there.
      const unwritten = [...entries].filter(([id, entry]) => bulky(id) && !isKeptApart(entry.value))
      await mapLimited(unwritten, 32, async ([id, entry]) => {
        const { value } = entry
        const name = createHash('sha1').update(id).digest('base64url')
        await writeWhole(path.join(folder, name), serialize(value))
        if (entry.value === value) entry.value = { keptApart: name } satisfies KeptApart
      })
      await writeWhole(indexFile(cacheDir), serialize({ version: CODE_VERSION, entries: new Map([...entries].map(([id, entry]) => [id, entry.value])) }))
      const named = new Set([...entries.values()].flatMap((entry) => isKeptApart(entry.value) ? [entry.value.keptApart] : []))
      const gone = [...dropped].filter((name) => !named.has(name))
      for (const name of gone) dropped.delete(name)
      await mapLimited(gone, 32, async (name) => await rm(path.join(folder, name), { force: true }))
    }
  }
}

async function writeWhole (file: string, bytes: Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, bytes)
  await rename(temporary, file)
}

/** A key that changes whenever the file does: its path, size, inode and modification and change times (a save by renaming a new file over the old one gives a new inode). */
export async function fileVersion (file: string, cache?: LoadCache): Promise<string> {
  const key = statKey(file, await stat(file, { bigint: true }))
  cache?.noteInput(file, key)
  return key
}

/** The version noted for a file that was looked for and not found. */
export const MISSING = 'missing'

/** The version of a folder's listing of Markdown files: their names, in any order. */
export function listingVersion (names: readonly string[]): string {
  return createHash('sha1').update([...names].sort().join('\0')).digest('base64url')
}

/**
 * The inputs (from `takeInputs`) whose version on disk differs now from the one the load read:
 * files changed, added or removed since, whatever the file watcher did or did not report.
 *
 * One call after another without waiting: a live server compares ten thousand files after every
 * publish, on its publishing thread, and each answer comes from the kernel's cache in a few
 * microseconds, where a trip through the thread pool costs several times that in CPU (measured at
 * 10,000 issues: 60 ms against 350 to 700 ms).
 */
export function changedInputs (inputs: ReadonlyMap<string, string>): string[] {
  const changed: string[] = []
  for (const [file, version] of inputs) {
    if (versionNow(file) !== version) changed.push(file)
  }
  return changed.sort()
}

function versionNow (file: string): string {
  if (file.endsWith(path.sep)) {
    try {
      return listingVersion(readdirSync(file).filter((name) => name.endsWith('.md')))
    } catch {
      return listingVersion([])
    }
  }
  try {
    const stats = statSync(file, { bigint: true, throwIfNoEntry: false })
    return stats === undefined ? MISSING : statKey(file, stats)
  } catch {
    return MISSING
  }
}

/** A file's version from its stats: its path, size, inode, and modification and change times. */
export function statKey (file: string, stats: BigIntStats): string {
  return `${file}\0${stats.size}\0${stats.ino}\0${stats.mtimeNs}\0${stats.ctimeNs}`
}

// File systems keep modification times in steps of a few milliseconds: two saves of the same size
// within one step leave the same times. A file changed this recently is known by its bytes only.
const RACY_MS = 2000

/**
 * The hash of a (small) file's bytes, computed again only when its size, inode or times changed,
 * or while it is so recent that a second save might not have moved them (as git does with
 * "racily clean" files). `read` gets the bytes; they come back when they had to be read, so the
 * caller need not read them again. `version` is the file's version as noted for changedInputs,
 * which is also the key its digest is remembered under.
 */
export function fileDigest<T extends { bytes: Buffer }> (file: string, stats: BigIntStats, cache: LoadCache, read: () => T | Unread): { version: string } & ({ digest: string, read?: T } | Unread) {
  const version = statKey(file, stats)
  cache.noteInput(file, version)
  const racy = Date.now() - Number(stats.mtimeMs) < RACY_MS
  const known = racy ? undefined : cache.peek<string>('digest', version)
  if (known !== undefined) return { version, digest: known }
  const result = read()
  if (!('bytes' in result)) return { version, ...result }
  const digest = createHash('sha1').update(result.bytes).digest('base64url')
  if (!racy) cache.put('digest', version, digest)
  return { version, digest, read: result }
}

/** Why a file could not be read, in words. */
export interface Unread {
  readonly reason: string
  readonly line?: number
}
