/** Cache lifetimes: feeds and pages are polled, so a few minutes; media rarely changes at a path. */
export const CACHE_CONTROL = {
  feed: 'public, max-age=300',
  page: 'public, max-age=300',
  media: 'public, max-age=604800',
  // RFC 5005 archive pages that are full and not the newest: their bytes are settled.
  settled: 'public, max-age=2592000',
  none: 'no-store'
} as const

/** Formats a Link header value (RFC 8288). */
export function linkHeader (links: ReadonlyArray<{ url: string, rel: string, type?: string }>): string {
  return links.map((link) => `<${link.url}>; rel="${link.rel}"${link.type === undefined ? '' : `; type="${link.type}"`}`).join(', ')
}
