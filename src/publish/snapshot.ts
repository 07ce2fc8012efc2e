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
  /**
   * Only the hot outputs of its version, served at a first start while the rest is rendered: a
   * request for anything else waits for the whole version (see SnapshotStore.whole).
   */
  readonly partial?: boolean
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
  /** The current snapshot once it is a whole version: at once, except at a first start (see Snapshot.partial). */
  whole (): Promise<Snapshot>
  replace (next: Snapshot): void
  /** Records that the content on disk is invalid; `since` is kept from the first failed attempt. */
  reportBroken (problems: readonly Problem[], at: Date): void
  /** Records that the content on disk is valid again (also done by `replace`). */
  reportHealthy (): void
  broken (): BrokenContent | undefined
  /**
   * False while the snapshot served is one recorded by an earlier run and not yet compared with the
   * files (see recorded-snapshot.ts); true from the first publish on, whatever it found.
   */
  checked (): boolean
}

/** A store serving `initial`; `checked: false` for a snapshot no publish of this run has confirmed yet. */
export function createSnapshotStore (initial: Snapshot, { checked = true }: { checked?: boolean } = {}): SnapshotStore {
  let snapshot = initial
  let broken: BrokenContent | undefined
  let confirmed = checked
  let waiting: Array<(whole: Snapshot) => void> = []
  return {
    current: () => snapshot,
    whole: async () => snapshot.partial === true ? await new Promise((resolve) => waiting.push(resolve)) : snapshot,
    replace: (next) => {
      snapshot = next
      broken = undefined
      confirmed = true
      if (next.partial === true) return
      for (const resolve of waiting) resolve(next)
      waiting = []
    },
    reportBroken: (problems, at) => {
      broken = { since: broken?.since ?? at, problems }
      confirmed = true
    },
    reportHealthy: () => {
      broken = undefined
      confirmed = true
    },
    broken: () => broken,
    checked: () => confirmed
  }
}
