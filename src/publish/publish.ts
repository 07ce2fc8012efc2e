import { createHash } from 'node:crypto'
import type { Publication } from '../model/publication.ts'
import { startCompression } from './compression-threads.ts'
import { encodeBody, hashBody, type Effort, type Representations } from './encode.ts'
import { outputKey } from './output-key.ts'
import { versionOf } from '../model/version.ts'
import { declaredMediaTypes } from './media-index.ts'
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
  readonly hot: boolean
  /** The hash of what it was rendered from (see output-key.ts): equal keys, equal bytes. */
  readonly key: string
  readonly representations: Representations
  /** The HTML shown to a browser that opens a subscribable feed's URL. */
  readonly preview?: Representations
  /** When these bytes last changed: the HTTP Last-Modified. */
  readonly lastModified: Date
  /**
   * Not compressed yet, though it deserves this effort: its gzip and br are its identity bytes
   * for now (see encodeBody). Refining (refine-compression.ts) gives it its final gzip and br
   * (same identity bytes, same Last-Modified, ETags of their own).
   */
  readonly quick?: Effort
}

/** What serving and notifying need to know of a publication, without its content: small enough to pass between threads. */
export interface PublicationSummary {
  readonly title: string
  /** The base URL, ending in `/`. */
  readonly url: string
  readonly hubs: readonly string[]
  readonly pings: readonly string[]
  readonly issues: number
  readonly episodes: number
  /** The newest date in the content. */
  readonly updated: Date
  /** The true types of the media files the content names (read from their bytes), by path under media/. */
  readonly mediaTypes: ReadonlyArray<readonly [path: string, type: string]>
  /** The podcast feed, when there is one, and the paths it was published at before (`previous_feed_urls`). */
  readonly podcastFeedUrl?: string
  readonly previousFeedPaths: readonly string[]
}

/** Everything rendered from one version of the content. */
export interface Published {
  readonly summary: PublicationSummary
  /** By URL path (`/feed.xml`, `/issues/slug/`). */
  readonly files: ReadonlyMap<string, PublishedFile>
  /** Hash of every file's path and bytes: names this content version in logs and health checks. */
  readonly version: string
}

/** Where the bytes of newly rendered outputs go: kept in memory, or written to disk and referred to. */
export interface OutputStore {
  /**
   * Whether it keeps the page a browser is shown at a feed's address: a static build cannot tell
   * a browser from a feed reader, so publishing for it renders no previews.
   */
  readonly keepsPreviews: boolean
  /**
   * Keeps an output rendered afresh, and the page a browser is shown at its address if it has
   * one; returns both as the published file holds them.
   */
  keep (output: { readonly path: string, readonly hot: boolean, readonly representations: Representations, readonly preview?: Representations, readonly lastModified: Date }): Promise<{ representations: Representations, preview?: Representations }>
  /**
   * Takes a file of an earlier version into this one as it is (placing it anew, or loading its
   * bytes, where the store must); undefined when its bytes are no longer there to take.
   */
  reuse (file: PublishedFile): Promise<PublishedFile | undefined>
}

/** Keeps every body in memory: for tests, small publications and the sample. */
export const memoryStore: OutputStore = {
  keepsPreviews: true,
  keep: async ({ representations, preview }) => ({ representations, preview }),
  reuse: async (file) => file.representations.identity.body === undefined ? undefined : file
}

export interface PublishOptions {
  /** The Last-Modified of every file whose bytes are new: when the content changed. */
  readonly modified?: Date
  /** The version published before: an output whose inputs did not change is kept as it is, unrendered. */
  readonly previous?: { readonly files: ReadonlyMap<string, PublishedFile> }
  readonly store?: OutputStore
  /**
   * Leave the outputs that deserve more than bulk compression (the main feeds, the tag feeds, the
   * newest pages) uncompressed for now, and mark them `quick`: a live server serves an edit that
   * much sooner, and compresses them once the edits stop (see refine-compression.ts). A build
   * never does: it writes final bytes only.
   */
  readonly quickFirst?: boolean
  /**
   * Only the hot outputs (the main feeds, the home page, the newest issues): what a server answers
   * first at a first start, while it renders the rest (see content-publisher.ts).
   */
  readonly hotOnly?: boolean
  /** Called once per output rendered afresh (not for those kept from `previous`): lets tests and logs count the work. */
  readonly onRendered?: (path: string) => void
}

// Enough compressions in flight to keep every core busy, few enough that memory stays bounded.
const ENCODINGS_IN_FLIGHT = 8

/**
 * Renders and compresses every output whose inputs changed since `previous`, and keeps the rest as
 * they were. The same publication always gives the same bytes. Dates come in through `options`
 * because renderers never read the clock.
 */
export async function publish (publication: Publication, options: PublishOptions = {}): Promise<Published> {
  const store = options.store ?? memoryStore
  // HTTP dates have whole seconds; a finer Last-Modified would never equal If-Modified-Since.
  const modified = new Date(Math.floor((options.modified ?? publication.updated).getTime() / 1000) * 1000)
  // By version: the site is read afresh at every load, so its object is new even when site.yaml is not.
  const context = [versionOf(publication.site), versionOf(publication.feedUrls)]
  const contextVersion = context.join('\0')
  const files = new Map<string, PublishedFile>()
  // Each file of this version, and what its key was worked out from.
  const take = (file: PublishedFile, from: Keyed): void => {
    files.set(file.path, file)
    keyedFrom.set(file, from)
  }
  const order: string[] = []
  const inFlight = new Set<Promise<void>>()
  const { compress, close } = startCompression()
  try {
    for (const output of outputsFor(publication)) {
      if (options.hotOnly === true && !output.hot) continue
      order.push(output.path)
      const before = options.previous?.files.get(output.path)
      const keyed = before === undefined ? undefined : keyedFrom.get(before)
      // Published from this very output, in the same context: same inputs, same key, same flags.
      if (keyed?.output === output && keyed.context === contextVersion) {
        const kept = await store.reuse(before!)
        if (kept !== undefined) {
          take(kept, keyed)
          continue
        }
      }
      const inputs = [...context, ...output.inputs]
      const key = keyOf(output, inputs, before)
      const kept = before !== undefined && before.key === key && sameFlags(before, output) ? await store.reuse(before) : undefined
      if (kept !== undefined) {
        take(kept, { output, context: contextVersion, inputs })
        continue
      }
      options.onRendered?.(output.path)
      const rendered = output.render(publication)
      const body = typeof rendered === 'string' ? Buffer.from(rendered, 'utf8') : Buffer.from(rendered.buffer, rendered.byteOffset, rendered.byteLength)
      const preview = output.preview === undefined || !store.keepsPreviews ? undefined : Buffer.from(output.preview(publication), 'utf8')
      const hash = hashBody(body)
      // Rendered again but byte for byte the same (an input changed in a way this output does not show):
      // it keeps its encodings, ETags and Last-Modified, so pollers keep getting 304s.
      const same = before !== undefined && before.representations.identity.etag === `"${hash}"` && samePreview(before, preview) && sameFlags(before, output) ? await store.reuse(before) : undefined
      if (same !== undefined) {
        take({ ...same, key }, { output, context: contextVersion, inputs })
        continue
      }
      const job = (async () => {
        const quick = options.quickFirst === true && output.effort !== 'bulk'
        const [encoded, encodedPreview] = await Promise.all([encodeBody(body, output.effort, hash, { quick, compress }), preview === undefined ? undefined : encodeBody(preview, 'fast', undefined, { compress })])
        const { representations, preview: previewRepresentations } = await store.keep({ path: output.path, hot: output.hot, representations: encoded, preview: encodedPreview, lastModified: modified })
        const file: PublishedFile = {
          path: output.path,
          url: new URL(output.path.slice(1), publication.site.url).href,
          type: output.type,
          kind: output.kind,
          settled: output.settled,
          announce: output.announce,
          hot: output.hot,
          key,
          representations,
          preview: previewRepresentations,
          lastModified: modified,
          ...(quick ? { quick: output.effort } : {})
        }
        take(file, { output, context: contextVersion, inputs })
      })()
      inFlight.add(job)
      job.then(() => inFlight.delete(job), () => inFlight.delete(job))
      if (inFlight.size >= ENCODINGS_IN_FLIGHT) await Promise.race(inFlight)
    }
    await Promise.all(inFlight)
  } finally {
    await close()
  }
  // Files finish compressing in any order; the map keeps the order of the list of outputs, so
  // everything that iterates it (build, health, tests) sees the same order every time.
  const ordered = new Map(order.map((path) => [path, files.get(path)!]))
  return { summary: summarize(publication), files: ordered, version: versionOfFiles(ordered) }
}

/** The publication as serving and notifying see it. */
export function summarize (publication: Publication): PublicationSummary {
  const { site } = publication
  return {
    title: site.title,
    url: site.url,
    hubs: site.hubs,
    pings: site.pings,
    issues: publication.issues.length,
    episodes: publication.episodes.length,
    updated: publication.updated,
    mediaTypes: declaredMediaTypes(publication),
    podcastFeedUrl: publication.feedUrls.podcast,
    previousFeedPaths: site.previousFeedPaths
  }
}

// What each file's key was worked out from, as long as the file lives: the next publish compares
// an output's inputs with these (mostly the very same model objects) before hashing them again,
// which is most of the work when one issue of ten thousand changed.
interface Keyed {
  readonly output: OutputSpec
  readonly context: string
  readonly inputs: readonly unknown[]
}

const keyedFrom = new WeakMap<PublishedFile, Keyed>()

function keyOf (output: OutputSpec, inputs: readonly unknown[], before: PublishedFile | undefined): string {
  const keyed = before === undefined ? undefined : keyedFrom.get(before)
  if (keyed !== undefined && before!.type === output.type && sameInputs(keyed.inputs, inputs)) return before!.key
  return outputKey(output.path, output.type, inputs)
}

/**
 * Whether two inputs certainly have the same key. The same object has the same version for as long
 * as it lives (see version.ts); lists and the plain objects an output list builds afresh (a feed
 * document's frame) are compared part by part; anything else counts as different and is hashed.
 */
function sameInputs (a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime()
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((value, index) => sameInputs(value, b[index]))
  if (!isPlainObject(a) || !isPlainObject(b) || Object.isFrozen(a) || Object.isFrozen(b)) return false
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameInputs(a[key], b[key]))
}

function isPlainObject (value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
}

function sameFlags (before: PublishedFile, output: OutputSpec): boolean {
  return before.type === output.type && before.kind === output.kind && before.settled === output.settled && before.announce === output.announce && before.hot === output.hot
}

function samePreview (before: PublishedFile, preview: Buffer | undefined): boolean {
  if (before.preview === undefined || preview === undefined) return before.preview === preview
  return before.preview.identity.etag === `"${hashBody(preview)}"`
}

// In the order of the list of outputs, which the same content always gives: sorting ten thousand
// paths again at every publish cost more than the hashing. The list is hashed in runs of RUN files,
// and the version is the hash of their digests: a run made of the very same files as the run at the
// same place in the version hashed last keeps its digest, so a publish that changed a few files of
// ten thousand hashes a few runs, not the whole list again.
function versionOfFiles (files: ReadonlyMap<string, PublishedFile>): string {
  const all = [...files.values()]
  const runs: HashedRun[] = []
  for (let start = 0; start < all.length; start += RUN) {
    const run = all.slice(start, start + RUN)
    const known = lastRuns[runs.length]
    const same = known !== undefined && known.files.length === run.length && known.files.every((file, index) => file === run[index])
    runs.push(same ? known : { files: run, digest: createHash('sha256').update(run.map((file) => `${file.path}\0${file.representations.identity.etag}\0`).join('')).digest('hex') })
  }
  lastRuns = runs
  return createHash('sha256').update(runs.map((run) => run.digest).join('')).digest('hex').slice(0, 16)
}

const RUN = 256
interface HashedRun { readonly files: readonly PublishedFile[], readonly digest: string }
// Only the last version's: it holds no file longer than the next publish.
let lastRuns: readonly HashedRun[] = []

/** The subscribable feeds whose bytes differ between two versions (new or changed): the ones to announce. */
export function changedFeeds (before: Published | undefined, after: Published): PublishedFile[] {
  return [...after.files.values()].filter((file) => file.announce && before?.files.get(file.path)?.representations.identity.etag !== file.representations.identity.etag)
}
