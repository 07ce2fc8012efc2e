import type { IncomingHttpHeaders } from 'node:http'
import Negotiator from 'negotiator'
import type { Encoding } from '../publish/encode.ts'

// Server preference when q-values tie: brotli is smallest, then gzip.
const ENCODINGS: Encoding[] = ['br', 'gzip', 'identity']

// negotiator 1.x takes a `preferred` order; its DefinitelyTyped types predate that option.
type EncodingWithPreference = (available: readonly string[], options: { preferred: readonly string[] }) => string | undefined

/**
 * The encoding to send, honouring Accept-Encoding q-values (RFC 9110 §12.5.3). When nothing
 * offered is acceptable (`identity;q=0`), identity is sent anyway, as the RFC allows.
 */
export function chooseEncoding (headers: IncomingHttpHeaders): Encoding {
  const acceptEncoding = headers['accept-encoding'] ?? ''
  let encoding = recent.get(acceptEncoding)
  if (encoding === undefined) {
    const negotiator = new Negotiator({ headers: { 'accept-encoding': acceptEncoding } })
    encoding = ((negotiator.encoding as unknown as EncodingWithPreference).call(negotiator, ENCODINGS, { preferred: ENCODINGS }) ?? 'identity') as Encoding
    // Pollers send a handful of distinct headers, so a small memo answers nearly every request;
    // it is emptied when full so hostile variety cannot grow it.
    if (recent.size >= 256) recent.clear()
    recent.set(acceptEncoding, encoding)
  }
  return encoding
}

const recent = new Map<string, Encoding>()
