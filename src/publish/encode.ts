import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

export type Encoding = 'br' | 'gzip' | 'identity'

/** One encoding of a body, with the strong ETag that names exactly these bytes. */
export interface Representation {
  readonly encoding: Encoding
  readonly body: Buffer
  readonly etag: string
}

/**
 * How hard to compress: `max` for feeds, fetched by every poller on the internet, where each byte
 * saved counts millions of times; `fast` for pages people open now and then, where brotli's
 * strongest setting would make publishing an archive of thousands of pages take minutes.
 */
export type Effort = 'max' | 'fast'

const SETTINGS = {
  max: { gzipLevel: 9, brotliQuality: 11 },
  fast: { gzipLevel: 6, brotliQuality: 5 }
} as const

/**
 * Compresses a body once, at publish time: requests then only pick bytes. Each encoding is its
 * own representation (RFC 9110 §8.8.3), so each gets its own ETag, derived from the identity
 * bytes so it changes exactly when the content does.
 */
export function encodeBody (body: Buffer, effort: Effort = 'max'): Readonly<Record<Encoding, Representation>> {
  const { gzipLevel, brotliQuality } = SETTINGS[effort]
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22)
  return {
    identity: { encoding: 'identity', body, etag: `"${hash}"` },
    gzip: { encoding: 'gzip', body: gzipSync(body, { level: gzipLevel }), etag: `"${hash}-gzip"` },
    br: {
      encoding: 'br',
      body: brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: brotliQuality,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length
        }
      }),
      etag: `"${hash}-br"`
    }
  }
}
