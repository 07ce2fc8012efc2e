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

/** Holds the snapshot being served; a new version replaces the old one whole, in one assignment. */
export interface SnapshotStore {
  current (): Snapshot
  replace (next: Snapshot): void
}

export function createSnapshotStore (initial: Snapshot): SnapshotStore {
  let snapshot = initial
  return {
    current: () => snapshot,
    replace: (next) => { snapshot = next }
  }
}
