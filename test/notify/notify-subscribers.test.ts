import t from 'tap'
import { Agent } from 'undici'
import { notifySubscribers, type NotifyOptions } from '../../src/notify/notify-subscribers.ts'
import type { TestWithTeardown } from '../helpers.ts'
import { startHub } from '../hub.ts'

function notifyOptions (t: TestWithTeardown, overrides: Partial<Omit<NotifyOptions, 'log'>>): NotifyOptions & { log: { lines: string[] } & NotifyOptions['log'] } {
  // Short keep-alive so sockets do not hold the test open.
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
  t.teardown(async () => await dispatcher.close())
  const lines: string[] = []
  const record = (level: string) => (details: object, message: string) => { lines.push(`${level} ${message} ${JSON.stringify(details)}`) }
  return { hubs: [], pings: [], dispatcher, firstRetryDelayMs: 10, timeoutMs: 2000, log: { lines, info: record('info'), warn: record('warn'), error: record('error') }, ...overrides }
}

const FEED = 'https://feeds.example.org/feed.xml'

t.test('posts hub.mode=publish and hub.url, form-encoded, once per changed feed', async (t) => {
  const hub = await startHub(t)
  const results = await notifySubscribers([FEED, 'https://feeds.example.org/atom.xml'], notifyOptions(t, { hubs: [hub.url] }))
  t.same(results.map((result) => [result.feedUrl, result.ok, result.attempts]), [[FEED, true, 1], ['https://feeds.example.org/atom.xml', true, 1]])
  const received = [...hub.received].sort((a, b) => (a.form['hub.url'] ?? '').localeCompare(b.form['hub.url'] ?? ''))
  t.same(received.map((request) => [request.method, request.contentType, request.form]), [
    ['POST', 'application/x-www-form-urlencoded', { 'hub.mode': 'publish', 'hub.url': 'https://feeds.example.org/atom.xml' }],
    ['POST', 'application/x-www-form-urlencoded', { 'hub.mode': 'publish', 'hub.url': FEED }]
  ])
})

t.test('retries a hub that answers 500, and logs the hub, the status and the attempt', async (t) => {
  const hub = await startHub(t, (_request, reply, count) => reply.code(count === 1 ? 500 : 204).send())
  const options = notifyOptions(t, { hubs: [hub.url] })
  const [result] = await notifySubscribers([FEED], options)
  t.match(result, { ok: true, attempts: 2, status: 204 })
  t.equal(hub.received.length, 2)
  t.match(options.log.lines[0], /^warn notification failed; retrying .*"target":"http:\/\/127\.0\.0\.1:\d+\/".*"status":500,"attempt":1/)
})

t.test('retries after the hub drops the connection', async (t) => {
  const hub = await startHub(t, (request, reply, count) => {
    if (count === 1) request.raw.socket.destroy()
    else return reply.code(202).send()
  })
  const [result] = await notifySubscribers([FEED], notifyOptions(t, { hubs: [hub.url] }))
  t.match(result, { ok: true, attempts: 2 })
})

t.test('gives up on a hub that never answers, after bounded tries, without hanging', async (t) => {
  const hub = await startHub(t, async () => await new Promise(() => {}))
  const started = Date.now()
  const options = notifyOptions(t, { hubs: [hub.url], attempts: 2, timeoutMs: 200 })
  const [result] = await notifySubscribers([FEED], options)
  t.match(result, { ok: false, attempts: 2, status: undefined })
  t.ok(Date.now() - started < 5000, 'returns within the timeouts')
  t.match(options.log.lines.at(-1), /^error notification failed; giving up/)
})

t.test('does not retry a hub that refuses with a 4xx', async (t) => {
  const hub = await startHub(t, (_request, reply) => reply.code(400).send('unknown topic'))
  const [result] = await notifySubscribers([FEED], notifyOptions(t, { hubs: [hub.url] }))
  t.match(result, { ok: false, attempts: 1, status: 400 })
  t.equal(hub.received.length, 1)
})

t.test('a ping URL gets the feed URL percent-encoded where {url} stands', async (t) => {
  const hub = await startHub(t, (_request, reply) => reply.code(200).send('ok'))
  await notifySubscribers([FEED], notifyOptions(t, { pings: [`${hub.url}ping?url={url}&reason=update`] }))
  t.same(hub.received.map((request) => [request.method, request.url]), [['GET', `/ping?url=${encodeURIComponent(FEED)}&reason=update`]])
})
