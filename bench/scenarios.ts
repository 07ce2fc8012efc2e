/** What both servers answer and the load generator asks for; one place, so the two sides agree. */

export const FEED_PATH = '/feed.xml'
export const BIG_MEDIA_PATH = '/media/big.bin'

/** The first MiB: what a podcast app asks for first when it starts playing. */
export const RANGE = { start: 0, end: 1024 * 1024 - 1 } as const
export const RANGE_HEADER = `bytes=${RANGE.start}-${RANGE.end}`

/** One measured request shape. */
export interface Scenario {
  readonly name: string
  readonly path: string
  /** The ETag is only known once the server has published, hence a function. */
  readonly headers: (identityEtag: string) => Record<string, string>
  readonly status: number
  /** The lowest acceptable feedwright/bare ratio of requests per second. */
  readonly target: number
}

// The feeds are bytes picked from memory, so feedwright should stay close to the bare server; the
// range leaves it more room because a 1 MiB body makes both servers spend their time copying.
export const SCENARIOS: readonly Scenario[] = [
  { name: 'feed identity', path: FEED_PATH, headers: () => ({ 'accept-encoding': 'identity' }), status: 200, target: 0.9 },
  { name: 'feed gzip', path: FEED_PATH, headers: () => ({ 'accept-encoding': 'gzip' }), status: 200, target: 0.9 },
  { name: 'feed br', path: FEED_PATH, headers: () => ({ 'accept-encoding': 'br' }), status: 200, target: 0.9 },
  { name: 'feed 304', path: FEED_PATH, headers: (etag) => ({ 'if-none-match': etag }), status: 304, target: 0.9 },
  { name: 'media range 1 MiB', path: BIG_MEDIA_PATH, headers: () => ({ range: RANGE_HEADER }), status: 206, target: 0.5 }
]
