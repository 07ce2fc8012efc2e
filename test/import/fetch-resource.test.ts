import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { ImportError } from '../../src/errors.ts'
import { checkRemoteFile, downloadFile, fetchDocument } from '../../src/import/fetch-resource.ts'
import { makeTempDir } from '../helpers.ts'
import { startLocalServer } from './local-server.ts'

const FEED = '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
const noWait = (delays: number[] = []) => async (ms: number) => { delays.push(ms) }

async function failureOf (promise: Promise<unknown>): Promise<ImportError> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught)
  if (!(error instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(error)}`)
  return error
}

t.test('follows up to 5 redirects and reports a permanent move', async (t) => {
  const server = await startLocalServer(t, (request, response) => {
    const step = Number(/\/(\d+)$/.exec(request.url ?? '')?.[1] ?? 0)
    if (step < 5) response.writeHead(301, { location: `/hop/${step + 1}` }).end()
    else response.writeHead(200, { 'content-type': 'application/rss+xml' }).end(FEED)
  })
  const fetched = await fetchDocument(`${server.url}/hop/0`, { dispatcher: server.dispatcher })
  t.equal(fetched.bytes.toString(), FEED)
  t.equal(fetched.url, `${server.url}/hop/5`)
  t.equal(fetched.movedPermanentlyTo, `${server.url}/hop/5`)
})

t.test('refuses a sixth redirect and a redirect loop, in one line', async (t) => {
  const server = await startLocalServer(t, (request, response) => {
    if (request.url === '/loop') return response.writeHead(302, { location: '/loop' }).end()
    const step = Number(/\/(\d+)$/.exec(request.url ?? '')?.[1] ?? 0)
    response.writeHead(302, { location: `/hop/${step + 1}` }).end()
  })
  const tooMany = await failureOf(fetchDocument(`${server.url}/hop/0`, { dispatcher: server.dispatcher }))
  t.match(tooMany.message, /more than 5 redirects/)
  t.notMatch(tooMany.message, /\n/)
  t.match((await failureOf(fetchDocument(`${server.url}/loop`, { dispatcher: server.dispatcher }))).message, /redirect loop/)
})

t.test('waits as long as Retry-After says after a 429, then gets the feed', async (t) => {
  const server = await startLocalServer(t, (_request, response, count) => {
    if (count === 1) response.writeHead(429, { 'retry-after': '7' }).end()
    else response.writeHead(200).end(FEED)
  })
  const delays: number[] = []
  const fetched = await fetchDocument(`${server.url}/feed.xml`, { dispatcher: server.dispatcher, wait: noWait(delays) })
  t.equal(fetched.bytes.toString(), FEED)
  t.same(delays, [7000], 'the 7 seconds the server asked for')
})

t.test('retries 5xx and network errors with doubling backoff, then gives up with the status', async (t) => {
  const server = await startLocalServer(t, (_request, response, count) => {
    if (count === 1) response.socket?.destroy()
    else response.writeHead(503).end()
  })
  const delays: number[] = []
  const error = await failureOf(fetchDocument(`${server.url}/feed.xml`, { dispatcher: server.dispatcher, wait: noWait(delays), firstRetryDelayMs: 100 }))
  t.same(delays, [100, 200, 400])
  t.match(error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/feed\.xml failed with status 503 Service Unavailable \(after 4 tries\)$/)
})

t.test('a 404 is one clear line and is not retried', async (t) => {
  const server = await startLocalServer(t, (_request, response) => response.writeHead(404).end('nope'))
  const error = await failureOf(fetchDocument(`${server.url}/gone.xml`, { dispatcher: server.dispatcher, wait: noWait() }))
  t.match(error.message, /^GET http:\/\/127\.0\.0\.1:\d+\/gone\.xml failed with status 404 Not Found$/)
  t.equal(server.requests.length, 1)
})

t.test('a host that does not exist is named, and not retried', async (t) => {
  const error = await failureOf(fetchDocument('https://no-such-host.invalid/feed.xml', { wait: noWait() }))
  t.match(error.message, /cannot find the host no-such-host\.invalid \(DNS: (ENOTFOUND|EAI_AGAIN)\)/)
})

t.test('a feed of 50 MB is refused by the size limit, declared or streamed', async (t) => {
  const fifty = 50 * 1024 * 1024
  const chunk = Buffer.alloc(1024 * 1024, 0x20)
  const server = await startLocalServer(t, (request, response) => {
    response.writeHead(200, request.url === '/declared' ? { 'content-length': String(fifty) } : {})
    let sent = 0
    const more = (): void => {
      while (sent < fifty) {
        sent += chunk.length
        if (!response.write(chunk)) {
          response.once('drain', more)
          return
        }
      }
      response.end()
    }
    response.on('error', () => {})
    more()
  })
  for (const name of ['declared', 'chunked']) {
    const error = await failureOf(fetchDocument(`${server.url}/${name}`, { dispatcher: server.dispatcher }))
    t.equal(error.code, 'FEEDWRIGHT_IMPORT_TOO_LARGE', name)
    t.match(error.message, /larger than the 20 MB limit/)
  }
})

t.test('a download dropped mid-way is resumed with a Range request and ends complete', async (t) => {
  const audio = Buffer.from(Array.from({ length: 200_000 }, (_, i) => i % 251))
  const ranges: Array<string | undefined> = []
  const server = await startLocalServer(t, (request, response, count) => {
    ranges.push(request.headers.range)
    if (count === 1) {
      // Part of the bytes, then the connection closes: ended, not reset, so the bytes sent do
      // arrive however busy the machine is, and the download stops short of its Content-Length.
      response.writeHead(200, { 'content-length': String(audio.length), 'content-type': 'audio/mpeg', etag: '"v1"' })
      response.write(audio.subarray(0, 80_000), () => response.socket?.end())
      return
    }
    const start = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1])
    t.equal(request.headers['if-range'], '"v1"', 'the resumed request names the version it continues')
    response.writeHead(206, { 'content-range': `bytes ${start}-${audio.length - 1}/${audio.length}`, 'content-length': String(audio.length - start), 'content-type': 'audio/mpeg' })
    response.end(audio.subarray(start))
  })
  const dir = await makeTempDir(t, 'download')
  const target = path.join(dir, 'episode.mp3')
  const done = await downloadFile(`${server.url}/episode.mp3`, target, { dispatcher: server.dispatcher, wait: noWait() })
  t.equal(done.length, audio.length)
  t.ok((await readFile(target)).equals(audio), 'the file is byte for byte the original')
  t.equal(ranges[0], undefined)
  t.match(ranges[1], /^bytes=\d+-$/)
  t.ok(Number(/\d+/.exec(ranges[1]!)![0]) > 0, 'resumed where it stopped, not from zero')
})

t.test('a server whose Content-Length is wrong is retried from where it stopped, then reported; no file is left behind', async (t) => {
  const audio = Buffer.alloc(5000, 7)
  const server = await startLocalServer(t, (request, response) => {
    const start = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0)
    // It claims 1000 bytes more than it has.
    if (start >= audio.length) return response.writeHead(416, { 'content-range': `bytes */${audio.length + 1000}` }).end()
    response.writeHead(start === 0 ? 200 : 206, { 'content-length': String(audio.length + 1000 - start), ...(start === 0 ? {} : { 'content-range': `bytes ${start}-${audio.length + 999}/${audio.length + 1000}` }) })
    response.write(audio.subarray(start), () => response.socket?.destroy())
  })
  const dir = await makeTempDir(t, 'download')
  const target = path.join(dir, 'episode.mp3')
  const error = await failureOf(downloadFile(`${server.url}/episode.mp3`, target, { dispatcher: server.dispatcher, wait: noWait() }))
  t.match(error.message, /after 4 tries/)
  t.notMatch(error.message, /\n/)
  t.equal(await readFile(target).then(() => 'exists', () => 'absent'), 'absent', 'nothing at the final path')
})

t.test('HEAD gives the length and type; a server refusing HEAD is asked for one byte instead', async (t) => {
  const server = await startLocalServer(t, (request, response) => {
    if (request.url === '/no-head.mp3' && request.method === 'HEAD') return response.writeHead(405).end()
    if (request.method === 'HEAD') return response.writeHead(200, { 'content-length': '1234', 'content-type': 'audio/mpeg' }).end()
    response.writeHead(206, { 'content-range': 'bytes 0-0/5678', 'content-length': '1', 'content-type': 'audio/x-m4a' }).end('x')
  })
  t.same(await checkRemoteFile(`${server.url}/a.mp3`, { dispatcher: server.dispatcher }), { url: `${server.url}/a.mp3`, length: 1234, type: 'audio/mpeg' })
  t.same(await checkRemoteFile(`${server.url}/no-head.mp3`, { dispatcher: server.dispatcher }), { url: `${server.url}/no-head.mp3`, length: 5678, type: 'audio/x-m4a' })
})
