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
 * Compresses a body once, at publish time, at the strongest settings: requests then only pick
 * bytes. Each encoding is its own representation (RFC 9110 §8.8.3), so each gets its own ETag,
 * derived from the identity bytes so it changes exactly when the content does.
 */
export function encodeBody (body: Buffer): Readonly<Record<Encoding, Representation>> {
  const hash = createHash('sha256').update(body).digest('base64url').slice(0, 22)
  return {
    identity: { encoding: 'identity', body, etag: `"${hash}"` },
    gzip: { encoding: 'gzip', body: gzipSync(body, { level: 9 }), etag: `"${hash}-gzip"` },
    br: {
      encoding: 'br',
      body: brotliCompressSync(body, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_SIZE_HINT]: body.length
        }
      }),
      etag: `"${hash}-br"`
    }
  }
}
