import type { AddressInfo } from 'node:net'
import type { Site } from '../model/publication.ts'

/**
 * The one start-up line a person reads: where the server answers, and the public address every
 * link in the feeds is built from (the two differ behind a proxy, and that is worth seeing).
 * `host` is the --host given; the port is the one actually bound (which --port 0 leaves to the system).
 */
export function describeServing (site: Pick<Site, 'title' | 'url'>, host: string, address: AddressInfo | string | null): string {
  const port = address !== null && typeof address === 'object' ? address.port : undefined
  const everywhere = host === '0.0.0.0' || host === '::'
  const where = everywhere ? `every interface, port ${port}` : `http://${host.includes(':') ? `[${host}]` : host}:${port}/`
  return `serving "${site.title}" at ${where}; feeds and pages link to ${site.url}`
}
