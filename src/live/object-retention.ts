import { objectNames } from '../publish/disk-store.ts'
import type { PublishedFile } from '../publish/publish.ts'

type Version = { readonly files: ReadonlyMap<string, PublishedFile> }

/**
 * Which kept objects (see disk-store.ts) a live server may still need: those of the version it
 * serves, of the version its cache folder records (what a restart serves at once), and, while it
 * answers requests, of the files it stopped serving a moment ago, since a request that began just
 * before a new version was swapped in may still be about to read one.
 */
export interface ObjectRetention {
  /** Notes that `after` is served instead of `before`: the objects only `before` named are retired now. */
  replaced (before: Version | undefined, after: Version): void
  /** The names of every object still needed, counting those retired in the last `graceMs`; forgets those retired earlier. */
  inUse (served: Version | undefined, recorded: Version | undefined, graceMs: number): Set<string>
}

export function createObjectRetention (): ObjectRetention {
  // Object name → when the last file naming it stopped being served.
  const retired = new Map<string, number>()
  return {
    replaced: (before, after) => {
      if (before === undefined) return
      const at = Date.now()
      for (const [path, file] of before.files) {
        if (after.files.get(path) === file) continue
        for (const name of objectNames(file)) retired.set(name, at)
      }
    },
    inUse: (served, recorded, graceMs) => {
      const names = new Set<string>()
      const since = Date.now() - graceMs
      for (const [name, at] of retired) {
        if (at < since) retired.delete(name)
        else names.add(name)
      }
      for (const version of [served, recorded]) {
        for (const file of version?.files.values() ?? []) for (const name of objectNames(file)) names.add(name)
      }
      return names
    }
  }
}
