import { withBodies } from '../publish/disk-store.ts'
import { indexMedia } from '../publish/media-index.ts'
import type { PublishedFile } from '../publish/publish.ts'
import type { Snapshot } from '../publish/snapshot.ts'
import { readServedRecord, type RecordSource } from './served-record.ts'

/**
 * The version a server on this cache folder served last, ready to be served again at once: a
 * restart answers as soon as it has read the record and the bytes of the hot files, instead of
 * after loading the whole publication, and its first publish then serves whatever changed while it
 * was stopped, as any reload does. Undefined when no version this feedwright can serve is
 * recorded from the same files, or the bytes of a hot file are gone.
 */
export async function recordedSnapshot (cacheDir: string, source: RecordSource, now: Date): Promise<Snapshot | undefined> {
  const published = (await readServedRecord(cacheDir, source))?.published
  if (published === undefined) return undefined
  let files: PublishedFile[]
  try {
    files = await Promise.all([...published.files.values()].map(async (file) => file.hot ? { ...file, representations: await withBodies(file.representations) } : file))
  } catch {
    return undefined
  }
  return {
    published: { ...published, files: new Map(files.map((file) => [file.path, file])) },
    media: await indexMedia(source.mediaDir, published.summary.mediaTypes),
    since: now
  }
}
