import { readFile } from 'node:fs/promises'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { request } from 'undici'
import { createContentPublisher, type ContentPublisher } from '../../src/live/content-publisher.ts'
import { publishFirstSnapshot } from '../../src/live/live-publisher.ts'
import { createWorkerPublisher } from '../../src/live/worker-publisher.ts'
import type { PublicationOptions } from '../../src/content/load-publication.ts'
import { createSnapshotStore, type Snapshot } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { makeTempDir, publicationDirs, type TestWithTeardown } from '../helpers.ts'

// A server started for the first time validates all the content, then serves the hot outputs (the
// main feeds, the home page, the newest issues) while it renders the rest: what pollers fetch is
// answered seconds sooner in a large archive. What it answers early must be what it answers once
// everything is rendered, byte for byte, and nothing may be answered 404 only because it is not
// rendered yet.

// Through the worker thread, tsx compiles the publisher again in that thread.
t.setTimeout(120_000)

const PUBLISHERS: ReadonlyArray<readonly [string, (options: PublicationOptions) => ContentPublisher]> = [
  ['in the same thread', createContentPublisher],
  ['in a worker thread, as serve runs it', createWorkerPublisher]
]

async function firstStart (t: TestWithTeardown, make: (options: PublicationOptions) => ContentPublisher): Promise<{ early: Snapshot, whole: Snapshot }> {
  const options = { ...publicationDirs('sample'), cacheDir: await makeTempDir(t, 'cache') }
  const publisher = make(options)
  t.teardown(async () => await publisher.close())
  let early: Snapshot | undefined
  const first = await publishFirstSnapshot(publisher, options, new Date(), (snapshot) => { early = snapshot })
  if (first.snapshot === undefined || early === undefined) throw new Error('the sample published no early snapshot')
  return { early, whole: first.snapshot }
}

for (const [where, make] of PUBLISHERS) {
  t.test(`a first start hands over its hot outputs, compressed for good, and the whole version keeps them as they are (${where})`, async (t) => {
    const { early, whole } = await firstStart(t, make)
    t.equal(early.partial, true)
    t.notOk(whole.partial, 'the whole version is not partial')
    const hot = [...whole.published.files.values()].filter((file) => file.hot).map((file) => file.path)
    t.same([...early.published.files.keys()], hot, 'exactly the hot outputs, in the same order')
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', '/podcast.xml', '/', '/sitemap.xml']) t.ok(early.published.files.has(path), `${path} is served early`)
    t.ok(early.published.files.size < whole.published.files.size, 'the older pages are not')

    for (const file of early.published.files.values()) {
      const final = whole.published.files.get(file.path)!
      t.equal(file.lastModified.getTime(), final.lastModified.getTime(), `${file.path}: the same Last-Modified`)
      for (const encoding of ['identity', 'gzip', 'br'] as const) t.equal(file.representations[encoding].etag, final.representations[encoding].etag, `${file.path} ${encoding}: the same ETag`)
      t.equal(file.quick, undefined, `${file.path}: not left uncompressed`)
      const { identity, gzip, br } = file.representations
      t.ok(gunzipSync(gzip.body!).equals(identity.body!), `${file.path}: gzip holds the identity bytes`)
      t.ok(brotliDecompressSync(br.body!).equals(identity.body!), `${file.path}: br holds the identity bytes`)
      t.ok(br.length < identity.length || identity.length < 1024, `${file.path}: br is compressed`)
    }
    t.same([...whole.published.files.values()].filter((file) => file.quick !== undefined).map((file) => file.path), [], 'the whole version has final bytes only')
  })
}

t.test('while only the hot outputs are served, a request for anything else waits for the whole version', async (t) => {
  const { early, whole } = await firstStart(t, createContentPublisher)
  const store = createSnapshotStore(early)
  const app = await buildApp({ store })
  t.teardown(async () => await app.close())
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  const base = `http://127.0.0.1:${port}`
  const get = async (path: string, headers: Record<string, string> = {}): Promise<Answer> => {
    const response = await request(`${base}${path}`, { headers })
    const body = Buffer.from(await response.body.arrayBuffer())
    return { status: response.statusCode, body, etag: response.headers.etag as string | undefined }
  }

  const feed = await get('/feed.xml', { 'accept-encoding': 'br' })
  t.equal(feed.status, 200, 'a main feed is answered at once')
  t.equal(feed.etag, whole.published.files.get('/feed.xml')!.representations.br.etag)
  const health = JSON.parse((await get('/health')).body.toString()) as { status: string, version: string }
  t.equal(health.status, 'starting', 'health says the server is still starting')

  // An episode's page or a tag's: the sample's issues are all among the newest, and hot.
  const olderPage = [...whole.published.files.values()].find((file) => file.kind === 'page' && !file.hot && file.path.endsWith('/'))!
  const waiting = [
    get(olderPage.path, { 'accept-encoding': 'gzip' }),
    // Without its final slash: redirected, as once everything is rendered.
    get(olderPage.path.slice(0, -1)),
    get('/no-such-page/')
  ]
  let answered = false
  Promise.race(waiting).then(() => { answered = true }, () => {})
  await sleep(200)
  t.equal(answered, false, 'nothing is answered before the rest is rendered')

  store.replace(whole)
  const [page, redirect, missing] = (await Promise.all(waiting)) as [Answer, Answer, Answer]
  t.equal(page.status, 200, 'answered once the whole version is served')
  t.equal(page.etag, olderPage.representations.gzip.etag)
  t.ok(gunzipSync(page.body).equals(await bodyOf(olderPage.representations.identity)), 'with the bytes of the whole version')
  t.equal(redirect.status, 301)
  t.equal(missing.status, 404, 'what is not published is still not found')
  t.equal((JSON.parse((await get('/health')).body.toString()) as { status: string }).status, 'ok')
})

interface Answer { readonly status: number, readonly body: Buffer, readonly etag?: string }

async function bodyOf (representation: { body?: Buffer, file?: string }): Promise<Buffer> {
  return representation.body ?? await readFile(representation.file!)
}
