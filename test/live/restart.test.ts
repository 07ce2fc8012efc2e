import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { request } from 'undici'
import { copyPublication, freePort, makeTempDir, ROOT, stopChild, type TestWithTeardown } from '../helpers.ts'

// A restarted server answers from the version it served last, at once, and catches up with the
// files behind it: nothing it answers may differ from what it answered before it stopped, and an
// edit made while it was stopped must be served once it has caught up.

// Seven starts of the real CLI from its TypeScript sources (tsx compiles the server and its
// publishing thread at each): about 28 s alone, and more beside other test files.
t.setTimeout(120_000)

interface Running {
  readonly base: string
  /** The start-up log line, parsed. */
  readonly started: Record<string, unknown>
  stop (): Promise<void>
}

async function startServe (t: TestWithTeardown, dirs: { contentDir: string, mediaDir: string }, cacheDir: string, port: number): Promise<Running> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--content', dirs.contentDir, '--media', dirs.mediaDir,
    '--cache', cacheDir, '--host', '127.0.0.1', '--port', String(port), '--log-format', 'json'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  const stop = async (): Promise<void> => await stopChild(child)
  t.teardown(stop)
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const started = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line in 60 s; stderr: ${stderr}`)), 60_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      const line = stdout.split('\n').find((each) => each.includes('"baseUrl"'))
      if (line !== undefined) {
        clearTimeout(timer)
        resolve(JSON.parse(line) as Record<string, unknown>)
      }
    })
    child.once('exit', () => reject(new Error(`serve exited; stderr: ${stderr}`)))
  })
  return { base: `http://127.0.0.1:${port}`, started, stop }
}

// What a client sees of each answer: status, the headers caches compare, and the bytes.
const REQUESTS: ReadonlyArray<readonly [string, Record<string, string>]> = [
  ['/feed.xml', {}],
  ['/feed.xml', { 'accept-encoding': 'gzip' }],
  ['/feed.xml', { 'accept-encoding': 'br' }],
  ['/atom.xml', { 'accept-encoding': 'br' }],
  ['/feed.json', {}],
  ['/podcast.xml', { 'accept-encoding': 'gzip' }],
  // A person opening the feed in a browser gets a page about it.
  ['/feed.xml', { 'sec-fetch-dest': 'document', accept: 'text/html' }],
  ['/', {}],
  ['/issues/was-chatgpt-a-good-idea/', { 'accept-encoding': 'br' }],
  ['/sitemap.xml', {}]
]

async function answers (base: string): Promise<string[]> {
  return await Promise.all(REQUESTS.map(async ([urlPath, headers]) => {
    const response = await request(`${base}${urlPath}`, { headers })
    const body = Buffer.from(await response.body.arrayBuffer())
    const { etag, 'last-modified': lastModified, 'content-type': type, 'content-encoding': encoding } = response.headers
    return `${urlPath} ${JSON.stringify(headers)} → ${response.statusCode} ${String(type)} ${String(encoding)} ${String(etag)} ${String(lastModified)} ${createHash('sha256').update(body).digest('hex')}`
  }))
}

async function health (base: string): Promise<{ status: string, version: string }> {
  const response = await request(`${base}/health`)
  return await response.body.json() as { status: string, version: string }
}

async function untilChecked (base: string): Promise<{ status: string, version: string }> {
  for (let tries = 0; tries < 600; tries++) {
    const now = await health(base)
    if (now.status !== 'starting') return now
    await sleep(50)
  }
  throw new Error('the server never finished starting')
}

t.test('a restarted server answers from the version it served last, byte for byte, and then confirms it', async (t) => {
  const dirs = await copyPublication(t, 'sample')
  const cacheDir = await makeTempDir(t, 'restart-cache-')
  const port = await freePort('127.0.0.1')
  const first = await startServe(t, dirs, cacheDir, port)
  t.equal(first.started.recorded, false, 'a first start publishes before it answers...')
  t.equal(first.started.partial, true, '...its hot outputs, then the rest')
  t.equal((await untilChecked(first.base)).status, 'ok')
  const before = await answers(first.base)
  t.ok(before.every((line) => line.includes('→ 200 ')), before.filter((line) => !line.includes('→ 200 ')).join('\n'))
  const { version } = await health(first.base)
  await first.stop()

  const second = await startServe(t, dirs, cacheDir, port)
  t.equal(second.started.recorded, true, 'the restart answers from the recorded version')
  t.same(await answers(second.base), before, 'every answer the same: status, type, encoding, ETag, Last-Modified and bytes, the browser page included')
  t.same(await untilChecked(second.base), { ...await health(second.base), status: 'ok', version }, 'once compared with the files: ok, and still the same version')
  t.same(await answers(second.base), before, 'and still the same answers')
})

t.test('an edit made while the server was stopped is served once the restarted server has caught up', async (t) => {
  const dirs = await copyPublication(t, 'sample')
  const cacheDir = await makeTempDir(t, 'restart-cache-')
  const port = await freePort('127.0.0.1')
  const first = await startServe(t, dirs, cacheDir, port)
  const { version } = await health(first.base)
  await first.stop()

  const issue = path.join(dirs.contentDir, 'issues', '2023-01-27-was-chatgpt-a-good-idea.md')
  await writeFile(issue, (await readFile(issue, 'utf8')).replace(/^title: .*$/m, 'title: "Retitled while the server was stopped"'))
  const second = await startServe(t, dirs, cacheDir, port)
  t.equal(second.started.recorded, true)
  const checked = await untilChecked(second.base)
  t.equal(checked.status, 'ok')
  t.not(checked.version, version, 'a new version')
  const page = await request(`${second.base}/issues/was-chatgpt-a-good-idea/`)
  t.match(await page.body.text(), 'Retitled while the server was stopped')
  const feed = await request(`${second.base}/feed.xml`)
  t.match(await feed.body.text(), 'Retitled while the server was stopped')
})

t.test('a broken edit made while the server was stopped keeps the recorded version served, and says why', async (t) => {
  const dirs = await copyPublication(t, 'sample')
  const cacheDir = await makeTempDir(t, 'restart-cache-')
  const port = await freePort('127.0.0.1')
  const first = await startServe(t, dirs, cacheDir, port)
  const before = await answers(first.base)
  await first.stop()

  const issue = path.join(dirs.contentDir, 'issues', '2023-01-27-was-chatgpt-a-good-idea.md')
  await writeFile(issue, (await readFile(issue, 'utf8')).replace(/^date: .*$/m, 'date: not a date'))
  const second = await startServe(t, dirs, cacheDir, port)
  const checked = await untilChecked(second.base) as { status: string, contentBroken?: { problems: string[] } }
  t.equal(checked.status, 'degraded')
  t.match(checked.contentBroken?.problems.join('\n'), /was-chatgpt-a-good-idea\.md:\d+: date:/)
  t.same(await answers(second.base), before, 'the last good version, unchanged')
})

t.test('a second server on the same cache folder refuses to start, and the first keeps serving', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const cacheDir = await makeTempDir(t, 'restart-cache-')
  const first = await startServe(t, dirs, cacheDir, await freePort('127.0.0.1'))
  const second = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--content', dirs.contentDir, '--media', dirs.mediaDir,
    '--cache', cacheDir, '--host', '127.0.0.1', '--port', String(await freePort('127.0.0.1'))], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] })
  t.teardown(async () => await stopChild(second))
  let stderr = ''
  second.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const code = await new Promise((resolve) => second.once('exit', resolve))
  t.equal(code, 1)
  t.match(stderr, `the cache folder ${cacheDir} is used by another feedwright serve`)
  t.match(stderr, 'its own --cache')
  const feed = await request(`${first.base}/feed.xml`)
  t.equal(feed.statusCode, 200, 'the first server still answers')
  await feed.body.dump()
  await first.stop()
  const again = await startServe(t, dirs, cacheDir, await freePort('127.0.0.1'))
  t.equal(again.started.recorded, true, 'once the first has stopped, the folder is free again')
})
