import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { appendFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import t from 'tap'
import { Agent, request } from 'undici'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication, listeningAddress, makeTempDir, parseXml, pollUntil, publicationDirs, ROOT, type TestWithTeardown } from '../helpers.ts'
import { startHub } from '../hub.ts'

/** Serves a fixture on a real socket, with feed URLs pointing at that socket, until the test ends. */
async function startServer (t: TestWithTeardown, name: string): Promise<string> {
  const dirs = publicationDirs(name)
  const store = createSnapshotStore((await loadSnapshot(dirs, { now: new Date() })).snapshot)
  const app = await buildApp({ store })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address() as { port: number }
  const baseUrl = `http://127.0.0.1:${address.port}/`
  store.replace((await loadSnapshot({ ...dirs, baseUrl }, { now: new Date() })).snapshot)
  t.teardown(async () => await app.close())
  return baseUrl
}

// Each test starts feedwright as a process, with a worker thread, from TypeScript sources.
t.setTimeout(180_000)

t.test('a podcast app downloads every feed and the enclosure it names, byte for byte', async (t) => {
  const baseUrl = await startServer(t, 'sample')
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
  t.teardown(async () => await dispatcher.close())
  for (const feed of ['feed.xml', 'atom.xml', 'feed.json', 'podcast.xml']) {
    const response = await request(new URL(feed, baseUrl), { dispatcher, headers: { 'accept-encoding': 'gzip' } })
    t.equal(response.statusCode, 200, feed)
    t.equal(response.headers['content-encoding'], 'gzip', feed)
    await response.body.arrayBuffer()
  }
  const podcast = await request(new URL('podcast.xml', baseUrl), { dispatcher })
  const channel = (await parseXml(await podcast.body.text())).rss.channel[0]
  const enclosure = channel.item[0].enclosure[0].$
  t.match(enclosure.url, baseUrl, 'the enclosure points at this server')
  const audio = await request(enclosure.url, { dispatcher })
  t.equal(audio.statusCode, 200)
  t.equal(audio.headers['content-type'], enclosure.type)
  const bytes = Buffer.from(await audio.body.arrayBuffer())
  t.equal(bytes.length, Number(enclosure.length), 'downloaded byte count equals the enclosure length')
  const firstBytes = await request(enclosure.url, { dispatcher, headers: { range: 'bytes=0-1' } })
  t.equal(firstBytes.statusCode, 206, 'Apple Podcasts\' first probe gets a range')
  t.ok(Buffer.from(await firstBytes.body.arrayBuffer()).equals(bytes.subarray(0, 2)))
})

t.test('newsboat, a real feed reader, subscribes to every XML feed and finds every item', async (t) => {
  const baseUrl = await startServer(t, 'minimal')
  const expected: Record<string, string[]> = {
    'feed.xml': ['The first issue', 'The second issue'],
    'atom.xml': ['The first issue', 'The second issue'],
    'podcast.xml': ['Bonus: Listener questions', 'The first issue']
  }
  for (const [feed, titles] of Object.entries(expected)) {
    // Each feed gets its own reader profile: newsboat keys its cache by item id across feeds.
    const home = await makeTempDir(t, 'newsboat')
    await writeFile(path.join(home, 'urls'), `${new URL(feed, baseUrl).href}\n`)
    await writeFile(path.join(home, 'config'), '')
    const cache = path.join(home, 'cache.db')
    const { stdout } = await promisify(execFile)('newsboat', ['-u', path.join(home, 'urls'), '-c', cache, '-C', path.join(home, 'config'), '-x', 'reload', 'print-unread'], { env: { ...process.env, HOME: home }, timeout: 30_000 })
    t.match(stdout, `${titles.length} unread articles`, feed)
    // newsboat keeps what it read in SQLite; the sqlite3 shell reads it back (Node 20 has no node:sqlite).
    const query = await promisify(execFile)('sqlite3', ['-json', cache, 'SELECT title, enclosure_url FROM rss_item ORDER BY title'])
    const items = JSON.parse(query.stdout) as Array<{ title: string, enclosure_url: string }>
    t.same(items.map((item) => item.title), titles, `${feed}: every item`)
    t.ok(items.some((item) => item.enclosure_url === new URL('media/tone.mp3', baseUrl).href), `${feed}: the enclosure`)
  }
})

t.test('feedwright serve starts, serves, and shuts down cleanly on SIGTERM', async (t) => {
  const child = startServe(dirsArgs('minimal'))
  const { address, log } = await listeningAddress(child)
  // A first start serves its hot outputs while it renders the rest: 'starting' until then.
  let health: unknown
  for (let tries = 0; tries < 400; tries++) {
    health = await (await request(`${address}/health`)).body.json()
    if ((health as { status: string }).status !== 'starting') break
    await sleep(50)
  }
  t.match(health, { status: 'ok', issues: 2, episodes: 2 })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'exits 0 after closing')
  t.match(log(), /closing: finishing requests in flight/)
})

t.test('feedwright serve refuses to start on invalid content and prints every problem', async (t) => {
  const exec = promisify(execFile)
  await t.rejects(exec(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--port', '0', ...dirsArgs('broken')], { cwd: ROOT }), {
    code: 1,
    stderr: /bad-date\.md:3: date:[\s\S]*orphan\.md:4: issue:[\s\S]*Not serving/
  })
})

// Nothing is kept between runs: each test sees only its own work.
function dirsArgs (name: string): string[] {
  const { contentDir, mediaDir } = publicationDirs(name)
  return ['--content', contentDir, '--media', mediaDir, '--no-cache']
}

t.test('a publisher writes a new issue into a running server: every feed shows it and the hub hears of it', async (t) => {
  const hub = await startHub(t)
  const dirs = await copyPublication(t, 'minimal')
  await appendFile(path.join(dirs.contentDir, 'site.yaml'), `hubs:\n  - ${hub.url}\n`)
  const child = startServe(['--content', dirs.contentDir, '--media', dirs.mediaDir])
  // The server writes its cache beside the content as it closes: wait for it before the folder goes.
  t.teardown(async () => {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGTERM')
    await exited
  })
  const { address } = await listeningAddress(child)
  await writeFile(path.join(dirs.contentDir, 'issues', 'fresh.md'), '---\ntitle: Fresh off the press\ndate: 2024-01-19T09:00:00Z\nsummary: New.\n---\nJust written.\n')
  // Poll as a feed reader would, for a bounded time.
  for (const feed of ['feed.xml', 'atom.xml', 'feed.json']) {
    const body = await pollUntil(async () => await (await request(`${address}/${feed}`)).body.text(), (text) => text.includes('Fresh off the press'), 30_000)
    t.match(body, 'Fresh off the press', feed)
  }
  t.match((await request(`${address}/issues/fresh/`)).statusCode, 200)
  await pollUntil(async () => hub.received.length, (count) => count >= 3, 30_000)
  await new Promise((resolve) => setTimeout(resolve, 300))
  t.same(hub.received.map((received) => received.form['hub.url']?.replace(/^https?:\/\/[^/]+/, '')).sort(), ['/atom.xml', '/feed.json', '/feed.xml'], 'one notification per changed feed')
})

/** Runs the real `feedwright serve` on a free port of the loopback address. */
function startServe (args: string[]): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--port', '0', '--host', '127.0.0.1', ...args], { cwd: ROOT })
}
