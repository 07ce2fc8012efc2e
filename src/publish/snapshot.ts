import type { Problem } from '../errors.ts'
import type { MediaEntry } from './media-index.ts'
import type { Published } from './publish.ts'

/** Everything the server needs to answer any request for one version of the content. */
export interface Snapshot {
  readonly published: Published
  /** Media files by path relative to `media/`. */
  readonly media: ReadonlyMap<string, MediaEntry>
  /** When this version started being served. */
  readonly since: Date
}

/** Why the content on disk is not being served: what is wrong, and since when. */
export interface BrokenContent {
  readonly since: Date
  readonly problems: readonly Problem[]
}

/**
 * Holds the snapshot being served. A new version replaces the old one whole, in one assignment, so
 * a request sees one version or the other, never a mix. While the files on disk are invalid the
 * last good snapshot stays, and the store remembers why.
 */
export interface SnapshotStore {
  current (): Snapshot
  replace (next: Snapshot): void
  /** Records that the content on disk is invalid; `since` is kept from the first failed attempt. */
  reportBroken (problems: readonly Problem[], at: Date): void
  /** Records that the content on disk is valid again (also done by `replace`). */
  reportHealthy (): void
  broken (): BrokenContent | undefined
}

export function createSnapshotStore (initial: Snapshot): SnapshotStore {
  let snapshot = initial
  let broken: BrokenContent | undefined
  return {
    current: () => snapshot,
    replace: (next) => {
      snapshot = next
      broken = undefined
    },
    reportBroken: (problems, at) => { broken = { since: broken?.since ?? at, problems } },
    reportHealthy: () => { broken = undefined },
    broken: () => broken
  }
}
