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
  readonly settled: boolean
  readonly announce: boolean
  /** The identity bytes. */
  readonly body: Buffer
  readonly representations: Readonly<Record<Encoding, Representation>>
  /** The HTML shown to a browser that opens a subscribable feed's URL. */
  readonly preview?: Readonly<Record<Encoding, Representation>>
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

export interface PublishOptions {
  /** The Last-Modified of every file whose bytes are new: when the content changed. */
  readonly modified?: Date
  /** The version published before: a file with the same bytes keeps its encodings, ETags and Last-Modified. */
  readonly previous?: Published
}

/**
 * Renders and compresses every output once. The same publication always gives the same bytes.
 * Dates come in through `options` because renderers never read the clock.
 */
export function publish (publication: Publication, options: PublishOptions = {}): Published {
  const files = new Map<string, PublishedFile>()
  const version = createHash('sha256')
  // HTTP dates have whole seconds; a finer Last-Modified would never equal If-Modified-Since.
  const modified = new Date(Math.floor((options.modified ?? publication.updated).getTime() / 1000) * 1000)
  for (const output of outputsFor(publication)) {
    const rendered = output.render(publication)
    const body = typeof rendered === 'string' ? Buffer.from(rendered, 'utf8') : Buffer.from(rendered.buffer, rendered.byteOffset, rendered.byteLength)
    const preview = output.preview === undefined ? undefined : Buffer.from(output.preview(publication), 'utf8')
    const url = new URL(output.path.slice(1), publication.site.url).href
    const before = options.previous?.files.get(output.path)
    const unchanged = before !== undefined && before.url === url && before.type === output.type && before.settled === output.settled &&
      before.announce === output.announce && before.body.equals(body) && samePreview(before.preview, preview)
    files.set(output.path, unchanged
      ? before
      : { path: output.path, url, type: output.type, kind: output.kind, settled: output.settled, announce: output.announce, body, representations: encodeBody(body, output.effort), preview: preview === undefined ? undefined : encodeBody(preview, 'fast'), lastModified: modified })
    version.update(output.path).update('\0').update(body)
  }
  return { publication, files, version: version.digest('hex').slice(0, 16) }
}

function samePreview (before: PublishedFile['preview'], after: Buffer | undefined): boolean {
  return before === undefined ? after === undefined : after !== undefined && before.identity.body.equals(after)
}

/** The subscribable feeds whose bytes differ between two versions (new or changed): the ones to announce. */
export function changedFeeds (before: Published | undefined, after: Published): PublishedFile[] {
  return [...after.files.values()].filter((file) => file.announce && before?.files.get(file.path) !== file)
}
