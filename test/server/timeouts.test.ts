import { connect, type Socket } from 'node:net'
import t from 'tap'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp, type AppOptions } from '../../src/server/app.ts'
import { publicationDirs, type TestWithTeardown } from '../helpers.ts'

/** A listening server over the minimal fixture; returns its port. */
async function listen (t: TestWithTeardown, options: Omit<AppOptions, 'store'> = {}): Promise<number> {
  const { snapshot } = await loadSnapshot(publicationDirs('minimal'), { now: new Date() })
  const app = await buildApp({ store: createSnapshotStore(snapshot), ...options })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => await app.close())
  return (app.server.address() as { port: number }).port
}

/**
 * Sends `head`, then one byte of `trickle` every 200 ms, as a slow or malicious client does, and
 * resolves with how long the server kept the connection open and what it answered.
 */
async function trickle (port: number, head: string, drip: string): Promise<{ ms: number, answer: string }> {
  const socket: Socket = connect(port, '127.0.0.1')
  const started = Date.now()
  let answer = ''
  socket.on('data', (chunk) => { answer += chunk.toString() })
  socket.on('error', () => {})
  socket.write(head)
  let sent = 0
  const timer = setInterval(() => { if (!socket.destroyed && drip !== '') socket.write(drip[sent++ % drip.length]!) }, 200)
  await new Promise((resolve) => socket.once('close', resolve))
  clearInterval(timer)
  return { ms: Date.now() - started, answer }
}

const quick = { timeouts: { headersMs: 600, requestMs: 1000, checkEveryMs: 100 } }

t.test('closes a connection whose request body trickles in, once the request timeout has passed', async (t) => {
  const port = await listen(t, quick)
  const { ms, answer } = await trickle(port, 'POST /feed.xml HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 500\r\n\r\n', 'x')
  t.ok(ms >= 900 && ms < 3000, `held for ${ms} ms`)
  t.match(answer, /^HTTP\/1\.1 408/)
})

t.test('refuses a large request body at once, without reading it', async (t) => {
  const port = await listen(t, quick)
  const { ms, answer } = await trickle(port, 'POST /feed.xml HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n', 'x')
  t.ok(ms < 900, `held for ${ms} ms`)
  t.match(answer, /^HTTP\/1\.1 413 .*\r\n[^]*"error":"Payload Too Large"/)
})

t.test('closes a connection whose headers trickle in, once the headers timeout has passed', async (t) => {
  const port = await listen(t, quick)
  const { ms } = await trickle(port, 'GET /feed.xml HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: yes\r\n')
  t.ok(ms < 3000, `held for ${ms} ms`)
})

t.test('closes a connection on which nothing is sent', async (t) => {
  const port = await listen(t, quick)
  const { ms } = await trickle(port, '', '')
  t.ok(ms < 3000, `held for ${ms} ms`)
})

t.test('still answers a client that sends its request at once', async (t) => {
  const port = await listen(t, quick)
  const response = await fetch(`http://127.0.0.1:${port}/feed.xml`)
  t.equal(response.status, 200)
  await response.arrayBuffer()
})

t.test('limits requests and headers by default, where Node and Fastify would wait minutes or forever', async (t) => {
  const { snapshot } = await loadSnapshot(publicationDirs('minimal'), { now: new Date() })
  const app = await buildApp({ store: createSnapshotStore(snapshot) })
  t.teardown(async () => await app.close())
  t.ok(app.server.requestTimeout > 0 && app.server.requestTimeout <= 30_000, `requestTimeout ${app.server.requestTimeout} ms`)
  t.ok(app.server.headersTimeout > 0 && app.server.headersTimeout <= app.server.requestTimeout, `headersTimeout ${app.server.headersTimeout} ms`)
})
