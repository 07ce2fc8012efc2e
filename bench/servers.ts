import { createServer, type OutgoingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { loadSnapshot } from '../src/live/load-snapshot.ts'
import { createSnapshotStore, type Snapshot } from '../src/publish/snapshot.ts'
import { buildApp } from '../src/server/app.ts'
import { BIG_MEDIA_PATH, FEED_PATH, RANGE, RANGE_HEADER } from './scenarios.ts'

/** What this process tells the benchmark over IPC. */
export type ServersMessage =
  | { readonly type: 'ready', readonly feedwright: number, readonly bare: number }
  | { readonly type: 'cpu', readonly usage: NodeJS.CpuUsage }

/** What the benchmark asks this process over IPC. */
export type BenchMessage = { readonly type: 'cpu' }

// Run as a child of bench/run.ts, pinned to its own core: wrk runs on the other one.
const dir = process.argv[2]
if (dir === undefined || process.send === undefined) {
  throw new Error('usage: started by bench/run.ts as `node --import tsx bench/servers.ts <publication-dir>` with an IPC channel')
}
const send = process.send.bind(process)

const { snapshot } = await loadSnapshot({ contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media') }, { now: new Date() })
const app = await buildApp({ store: createSnapshotStore(snapshot), logger: false })
await app.listen({ port: 0, host: '127.0.0.1' })
const bare = createBareServer(snapshot)
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))

process.on('message', (message: BenchMessage) => {
  if (message.type === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() } satisfies ServersMessage)
})
// The benchmark going away, even by a crash, must not leave two servers listening.
process.on('disconnect', () => process.exit(0))
send({ type: 'ready', feedwright: portOf(app.server), bare: portOf(bare) } satisfies ServersMessage)

/**
 * The ceiling: the same prepared bytes and headers as feedwright, with every decision wired to the
 * exact URL and header the benchmark sends. No routing, negotiation, freshness or range parsing,
 * and every header list built at start, so a request costs little more than node:http itself.
 */
function createBareServer ({ published, media }: Snapshot): Server {
  const feed = published.files.get(FEED_PATH)
  const big = media.get(BIG_MEDIA_PATH.slice('/media/'.length))
  if (feed === undefined) throw new Error(`bench: the publication has no ${FEED_PATH}`)
  if (big?.bytes === undefined) throw new Error(`bench: ${BIG_MEDIA_PATH} is missing or not kept in memory`)
  const { identity, gzip, br } = feed.representations
  // A 304 carries no representation metadata such as Content-Type (RFC 9110 §15.4.5).
  const feedHeaders = (etag: string): OutgoingHttpHeaders => ({
    etag,
    'last-modified': feed.lastModified.toUTCString(),
    'cache-control': 'public, max-age=300',
    vary: 'Accept-Encoding, Sec-Fetch-Dest',
    'x-content-type-options': 'nosniff',
    'access-control-allow-origin': '*',
    'access-control-expose-headers': 'ETag, Last-Modified, Link',
    link: `<${feed.url}>; rel="self"; type="${feed.type.split(';')[0]}"`
  })
  const identityHeaders = flatten({ 'content-type': feed.type, ...feedHeaders(identity.etag), 'content-length': identity.length })
  const gzipHeaders = flatten({ 'content-type': feed.type, ...feedHeaders(gzip.etag), 'content-encoding': 'gzip', 'content-length': gzip.length })
  const brHeaders = flatten({ 'content-type': feed.type, ...feedHeaders(br.etag), 'content-encoding': 'br', 'content-length': br.length })
  const notModifiedHeaders = flatten(feedHeaders(identity.etag))
  const rangeBody = big.bytes.subarray(RANGE.start, RANGE.end + 1)
  const rangeHeaders = flatten({
    'content-type': big.type,
    etag: big.etag,
    'last-modified': big.modified.toUTCString(),
    'cache-control': 'public, max-age=604800',
    'accept-ranges': 'bytes',
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff',
    'content-range': `bytes ${RANGE.start}-${RANGE.end}/${big.size}`,
    'content-length': rangeBody.length
  })

  return createServer((request, response) => {
    if (request.url === FEED_PATH) {
      if (request.headers['if-none-match'] === identity.etag) {
        response.writeHead(304, notModifiedHeaders).end()
      } else if (request.headers['accept-encoding'] === 'br') {
        response.writeHead(200, brHeaders).end(br.body!)
      } else if (request.headers['accept-encoding'] === 'gzip') {
        response.writeHead(200, gzipHeaders).end(gzip.body!)
      } else {
        response.writeHead(200, identityHeaders).end(identity.body!)
      }
    } else if (request.url === BIG_MEDIA_PATH && request.headers.range === RANGE_HEADER) {
      response.writeHead(206, rangeHeaders).end(rangeBody)
    } else {
      response.writeHead(404).end()
    }
  })
}

// node:http also takes headers as one flat [name, value, …] list: built once, no object walk per request.
function flatten (headers: OutgoingHttpHeaders): string[] {
  return Object.entries(headers).flatMap(([name, value]) => [name, String(value)])
}

function portOf (server: Server): number {
  return (server.address() as AddressInfo).port
}
