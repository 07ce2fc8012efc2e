import { createHash } from 'node:crypto'
import type { BigIntStats } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { deserialize, serialize } from 'node:v8'
import { CODE_VERSION } from '../code-version.ts'

/**
 * Remembers work done on inputs that have not changed since the last load, so a reload of a large
 * archive re-reads and re-parses only the files that changed. Entries not used by a load are
 * dropped when it ends, so the cache never holds more than one publication's worth.
 */
export interface LoadCache {
  /** Returns the remembered result for `key`, or computes and remembers it. */
  remember<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T>
  rememberSync<T>(kind: string, key: string, compute: () => T): T
  /** The remembered result for `key` (which the load then counts as used), or undefined. */
  peek<T>(kind: string, key: string): T | undefined
  /** Remembers a result computed elsewhere (in a worker thread). */
  put (kind: string, key: string, value: unknown): void
  /**
   * Ends a load: forgets every entry it did not use, and returns how many results it computed
   * afresh, by kind, so logs and tests can see what a reload really re-read.
   */
  sweep(): Record<string, number>
  /** Writes what the last load used to `file`, for the next run; values must be plain data. */
  save (file: string): Promise<void>
  /** Records that the load read `file` when its version (see fileVersion) was `version`. */
  noteInput (file: string, version: string): void
  /**
   * Every file (and folder listing) read since the last call, with the version it had then: what
   * a live server compares with the disk after publishing, so that no edit can go unnoticed.
   */
  takeInputs (): Map<string, string>
}

/** Where a publication's load cache is kept in its cache folder. */
export function loadCacheFile (cacheDir: string): string {
  return path.join(cacheDir, 'load-cache.v8')
}

/** A cache that starts empty, or with what `file` kept from an earlier run of the same feedwright. */
export async function openLoadCache (file?: string): Promise<LoadCache> {
  if (file === undefined) return createLoadCache()
  try {
    const kept = deserialize(await readFile(file)) as { version: string, entries: Map<string, unknown> }
    // Work done by other code may be different work: only the very same feedwright's is trusted.
    return createLoadCache(kept.version === CODE_VERSION ? kept.entries : undefined)
  } catch {
    return createLoadCache()
  }
}

export function createLoadCache (initial?: Map<string, unknown>): LoadCache {
  let entries = initial ?? new Map<string, unknown>()
  let used = new Map<string, unknown>()
  let misses: Record<string, number> = {}
  let dirty = initial === undefined
  let inputs = new Map<string, string>()
  const lookup = (kind: string, key: string): { hit: boolean, id: string } => {
    const id = `${kind}\0${key}`
    if (used.has(id)) return { hit: true, id }
    if (entries.has(id)) {
      used.set(id, entries.get(id))
      return { hit: true, id }
    }
    misses[kind] = (misses[kind] ?? 0) + 1
    dirty = true
    return { hit: false, id }
  }
  return {
    async remember<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T> {
      const { hit, id } = lookup(kind, key)
      if (hit) return used.get(id) as T
      const value = await compute()
      used.set(id, value)
      return value
    },
    rememberSync<T>(kind: string, key: string, compute: () => T): T {
      const { hit, id } = lookup(kind, key)
      if (hit) return used.get(id) as T
      const value = compute()
      used.set(id, value)
      return value
    },
    peek<T>(kind: string, key: string): T | undefined {
      const id = `${kind}\0${key}`
      if (!used.has(id) && entries.has(id)) used.set(id, entries.get(id))
      return used.get(id) as T | undefined
    },
    put: (kind, key, value) => {
      used.set(`${kind}\0${key}`, value)
      misses[kind] = (misses[kind] ?? 0) + 1
      dirty = true
    },
    sweep () {
      const finished = misses
      if (entries.size !== used.size) dirty = true
      entries = used
      used = new Map()
      misses = {}
      return finished
    },
    noteInput: (file, version) => { inputs.set(file, version) },
    takeInputs: () => {
      const taken = inputs
      inputs = new Map()
      return taken
    },
    async save (file) {
      if (!dirty) return
      await mkdir(path.dirname(file), { recursive: true })
      // Written whole under another name, then renamed: a crash never leaves half a cache.
      const temporary = `${file}.${process.pid}.tmp`
      await writeFile(temporary, serialize({ version: CODE_VERSION, entries }))
      await rename(temporary, file)
      dirty = false
    }
  }
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
 */
export async function changedInputs (inputs: ReadonlyMap<string, string>): Promise<string[]> {
  const changed: string[] = []
  await Promise.all([...inputs].map(async ([file, version]) => {
    const now = file.endsWith(path.sep)
      ? await readdir(file).then((names) => listingVersion(names.filter((name) => name.endsWith('.md'))), () => listingVersion([]))
      : await stat(file, { bigint: true }).then((stats) => statKey(file, stats), () => MISSING)
    if (now !== version) changed.push(file)
  }))
  return changed.sort()
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
 * caller need not read them again.
 */
export async function fileDigest<T extends { bytes: Buffer }> (file: string, stats: BigIntStats, cache: LoadCache, read: () => Promise<T | Unread>): Promise<{ digest: string, read?: T } | Unread> {
  const key = statKey(file, stats)
  cache.noteInput(file, key)
  const racy = Date.now() - Number(stats.mtimeMs) < RACY_MS
  const known = racy ? undefined : cache.peek<string>('digest', key)
  if (known !== undefined) return { digest: known }
  const result = await read()
  if (!('bytes' in result)) return result
  const digest = createHash('sha1').update(result.bytes).digest('base64url')
  if (!racy) cache.put('digest', key, digest)
  return { digest, read: result }
}

/** Why a file could not be read, in words. */
export interface Unread {
  readonly reason: string
  readonly line?: number
}
