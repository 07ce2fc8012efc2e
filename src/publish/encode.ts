import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync, type BrotliOptions } from 'node:zlib'

export type Encoding = 'br' | 'gzip' | 'identity'

export const ENCODINGS: readonly Encoding[] = ['identity', 'gzip', 'br']

/** One encoding of a body, with the strong ETag that names exactly these bytes. */
export interface Representation {
  readonly encoding: Encoding
  readonly etag: string
  /** Size in bytes: the Content-Length. */
  readonly length: number
  /** The bytes, when kept in memory; otherwise they are in `file`. */
  readonly body?: Buffer
  /** Where the bytes are on disk, when they are not kept in memory. */
  readonly file?: string
}

export type Representations = Readonly<Record<Encoding, Representation>>

/**
 * How hard to compress. `max` for the main feeds, fetched by every poller on the internet, where
 * each byte saved counts millions of times; `fast` for pages people open now and then; `bulk` for
 * what is fetched rarely and exists in thousands (archive pages, old issues), where stronger
 * settings would make publishing a large archive take minutes for bytes nobody downloads.
 */
export type Effort = 'max' | 'fast' | 'bulk'

// Measured on the 10,000-issue bench corpus (npm run bench:scale): brotli 11 compresses at about
// 0.4 MB/s and saves 10% over brotli 5; gzip 1 and brotli 1 run at 55 and 90 MB/s and give up
// about 12% against gzip 6 and brotli 5.
const SETTINGS: Readonly<Record<Effort, { gzipLevel: number, brotliQuality: number }>> = {
  max: { gzipLevel: 9, brotliQuality: 11 },
  fast: { gzipLevel: 6, brotliQuality: 5 },
  bulk: { gzipLevel: 1, brotliQuality: 1 }
}

// Brotli 10 and 11 slow down sharply with size: on the 1.4 MB podcast feed of the 10,000-issue
// bench corpus, quality 11 took 6.1 s and 9 took 0.2 s, for 9% more bytes. A feed that large is
// fetched in full only when it changes (pollers revalidate with 304s), so past this size a publish
// that takes seconds to save those bytes is not worth it.
const MAX_QUALITY_LIMIT = 256 * 1024
const LARGE_BODY_BROTLI_QUALITY = 9

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/** Gives the gzip and br of a body at the given settings; the same bytes wherever it runs. */
export type Compress = (body: Buffer, gzipLevel: number, brotliQuality: number) => Promise<readonly [gzip: Buffer, br: Buffer]>

function brotliOptions (body: Buffer, quality: number): BrotliOptions {
  return {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length
    }
  }
}

/** On libuv's thread pool: for a few bodies at a time, where starting threads of our own would cost more (see compression-threads.ts). */
export const compressOnThreadPool: Compress = async (body, gzipLevel, brotliQuality) =>
  await Promise.all([gzipAsync(body, { level: gzipLevel }), brotliAsync(body, brotliOptions(body, brotliQuality))])

/** In the calling thread, blocking it: what a compression thread does with each body it is sent. */
export function compressNow (body: Buffer, gzipLevel: number, brotliQuality: number): [gzip: Buffer, br: Buffer] {
  return [gzipSync(body, { level: gzipLevel }), brotliCompressSync(body, brotliOptions(body, brotliQuality))]
}

/** The strong ETag base of a body: derived from the identity bytes, so it changes exactly when they do. */
export function hashBody (body: Buffer): string {
  return createHash('sha256').update(body).digest('base64url').slice(0, 22)
}

/**
 * Compresses a body once, at publish time: requests then only pick bytes. Each encoding is its
 * own representation (RFC 9110 §8.8.3), so each gets its own ETag. Compression runs on libuv's
 * thread pool, off the thread that answers requests, and on every core at once.
 *
 * `quick` leaves the body uncompressed for now: its gzip and br are its identity bytes, sent
 * without a Content-Encoding under the identity ETag, as HTTP lets a server answer any request
 * (RFC 9110 §12.5.3). A live server then serves an edit without waiting for the compression of
 * the two dozen outputs it changed (a fifth to a third of its publish at 10,000 issues, even at
 * the fastest settings), and compresses them once the edits stop (see refine-compression.ts).
 */
export async function encodeBody (body: Buffer, effort: Effort = 'max', hash = hashBody(body), { quick = false, compress = compressOnThreadPool }: { quick?: boolean, compress?: Compress } = {}): Promise<Representations> {
  const identity: Representation = { encoding: 'identity', body, length: body.length, etag: `"${hash}"` }
  if (quick) return { identity, gzip: identity, br: identity }
  const { gzipLevel, brotliQuality: quality } = SETTINGS[effort]
  const brotliQuality = body.length > MAX_QUALITY_LIMIT ? Math.min(quality, LARGE_BODY_BROTLI_QUALITY) : quality
  const [gzipped, brotli] = await compress(body, gzipLevel, brotliQuality)
  return {
    identity,
    gzip: { encoding: 'gzip', body: gzipped, length: gzipped.length, etag: `"${hash}-gzip"` },
    br: { encoding: 'br', body: brotli, length: brotli.length, etag: `"${hash}-br"` }
  }
}
