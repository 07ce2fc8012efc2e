import { createHash } from 'node:crypto'
import type { Publication } from '../model/publication.ts'
import { encodeBody, type Encoding, type Representation } from './encode.ts'
import { outputsFor, type OutputSpec } from './outputs.ts'

/** One rendered output in every encoding, ready to write or serve as it is. */
export interface PublishedFile {
  readonly path: string
  /** Absolute URL the file is published at: its `rel="self"`. */
  readonly url: string
  readonly type: string
  readonly kind: OutputSpec['kind']
  /** The identity bytes. */
  readonly body: Buffer
  readonly representations: Readonly<Record<Encoding, Representation>>
  /** When these bytes last changed: the HTTP Last-Modified. */
  readonly lastModified: Date
}

/** Everything rendered from one version of the content. */
export interface Published {
  readonly publication: Publication
  /** By URL path (`/feed.xml`, `/issues/slug`). */
  readonly files: ReadonlyMap<string, PublishedFile>
  /** Hash of every file's path and bytes: names this content version in logs and health checks. */
  readonly version: string
}

/**
 * Renders and compresses every output once. The same publication always gives the same bytes;
 * `lastModified` is when the content last changed (newest content date or file change), passed in
 * because renderers never read the clock.
 */
export function publish (publication: Publication, lastModified: Date = publication.updated): Published {
  const files = new Map<string, PublishedFile>()
  const version = createHash('sha256')
  // HTTP dates have whole seconds; a finer Last-Modified would never equal If-Modified-Since.
  const modified = new Date(Math.floor(lastModified.getTime() / 1000) * 1000)
  for (const output of outputsFor(publication)) {
    const body = Buffer.from(output.render(publication), 'utf8')
    files.set(output.path, {
      path: output.path,
      url: new URL(output.path.slice(1), publication.site.url).href,
      type: output.type,
      kind: output.kind,
      body,
      representations: encodeBody(body),
      lastModified: modified
    })
    version.update(output.path).update('\0').update(body)
  }
  return { publication, files, version: version.digest('hex').slice(0, 16) }
}
