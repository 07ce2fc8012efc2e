import { stat } from 'node:fs/promises'

/**
 * Remembers work done on inputs that have not changed since the last load, so a reload of a large
 * archive re-reads and re-parses only the files that changed. Entries not used by a load are
 * dropped when it ends, so the cache never holds more than one publication's worth.
 */
export interface LoadCache {
  /** Returns the remembered result for `key`, or computes and remembers it. */
  remember<T>(kind: string, key: string, compute: () => Promise<T>): Promise<T>
  rememberSync<T>(kind: string, key: string, compute: () => T): T
  /**
   * Ends a load: forgets every entry it did not use, and returns how many results it computed
   * afresh, by kind, so logs and tests can see what a reload really re-read.
   */
  sweep(): Record<string, number>
}

export function createLoadCache (): LoadCache {
  let entries = new Map<string, unknown>()
  let used = new Map<string, unknown>()
  let misses: Record<string, number> = {}
  const lookup = (kind: string, key: string): { hit: boolean, id: string } => {
    const id = `${kind}\0${key}`
    if (used.has(id)) return { hit: true, id }
    if (entries.has(id)) {
      used.set(id, entries.get(id))
      return { hit: true, id }
    }
    misses[kind] = (misses[kind] ?? 0) + 1
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
    sweep () {
      const finished = misses
      entries = used
      used = new Map()
      misses = {}
      return finished
    }
  }
}

/** A key that changes whenever the file does: its path, size and modification time. */
export async function fileVersion (file: string): Promise<string> {
  const stats = await stat(file)
  return `${file}\0${stats.size}\0${stats.mtimeMs}`
}
