import type { LoadCache } from '../content/load-cache.ts'
import { loadPublication, type Loaded, type PublicationOptions } from '../content/load-publication.ts'
import { indexMedia } from '../publish/media-index.ts'
import { publish, summarize } from '../publish/publish.ts'
import type { Snapshot } from '../publish/snapshot.ts'

export interface LoadSnapshotOptions {
  readonly now: Date
  readonly cache?: LoadCache
  /** The snapshot served now: unchanged files keep their bytes, encodings, ETags and dates. */
  readonly previous?: Snapshot
}

/** A snapshot ready to serve, with what the load found out on the way. */
export interface LoadedSnapshot {
  readonly snapshot: Snapshot
  readonly loaded: Loaded
}

/**
 * Loads, validates, renders, compresses and indexes everything in memory, in this thread: for
 * tests and one-off uses (a live server publishes in a worker, see content-publisher.ts). Throws
 * ContentError when the content is invalid.
 */
export async function loadSnapshot (options: PublicationOptions, { now, cache, previous }: LoadSnapshotOptions): Promise<LoadedSnapshot> {
  const loaded = await loadPublication({ ...options, now, cache })
  // At start-up, Last-Modified is the latest of the content's newest date and its files'
  // modification times (see Loaded.modified); on a reload, a file whose bytes changed was modified now.
  const modified = previous === undefined ? loaded.modified : now
  return {
    loaded,
    snapshot: {
      published: await publish(loaded.publication, { modified, previous: previous?.published }),
      media: await indexMedia(options.mediaDir, summarize(loaded.publication).mediaTypes, { previous: previous?.media }),
      since: now
    }
  }
}
