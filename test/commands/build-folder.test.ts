import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { request } from 'undici'
import { build } from '../../src/commands/build.ts'
import { copyPublication, freePort, makeTempDir, ROOT, type TestWithTeardown } from '../helpers.ts'

const quiet = { out: () => {}, err: () => {} }

// Builds run as separate processes here, a few hundred issues each, on busy CI machines.
t.setTimeout(240_000)

async function capture (run: (output: { out: (text: string) => void, err: (text: string) => void }) => Promise<number>): Promise<{ code: number, text: string }> {
  let text = ''
  const code = await run({ out: (chunk) => { text += chunk }, err: (chunk) => { text += chunk } })
  return { code, text }
}

/** Every file under `dir` (relative paths, sorted), with its inode and modification time. */
async function snapshotFolder (dir: string): Promise<Map<string, { ino: number, mtimeMs: number, size: number }>> {
  const files = new Map<string, { ino: number, mtimeMs: number, size: number }>()
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const stats = await stat(path.join(dir, name))
    if (stats.isFile()) files.set(name, { ino: stats.ino, mtimeMs: stats.mtimeMs, size: stats.size })
  }
  return files
}

async function digestsOf (dir: string): Promise<Map<string, string>> {
  const digests = new Map<string, string>()
  for (const name of (await readdir(dir, { recursive: true })).sort()) {
    const file = path.join(dir, name)
    if ((await stat(file)).isFile()) digests.set(name, createHash('sha1').update(await readFile(file)).digest('hex'))
  }
  return digests
}

// A publication large enough that a build can be killed while it writes, built by the CLI in a
// process of its own.
async function setUpLarge (t: TestWithTeardown) {
  const { dirs, outDir, cacheDir, parent } = await setUp(t)
  for (let n = 1; n <= 400; n++) {
    await writeFile(path.join(dirs.contentDir, 'issues', `generated-${n}.md`), `---\ntitle: Generated ${n}\ndate: ${new Date(Date.UTC(2019, 0, n)).toISOString()}\nsummary: Number ${n}.\n---\n${'Some text. '.repeat(200)}\n`)
  }
  const withoutCache = ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'build', '--content', dirs.contentDir, '--media', dirs.mediaDir, '--out', outDir]
  const exitCode = async (child: ReturnType<typeof spawn>): Promise<number | null> => await new Promise((resolve) => child.once('exit', resolve))
  return { dirs, outDir, parent, args: [...withoutCache, '--cache', cacheDir], withoutCache: [...withoutCache, '--no-cache'], exitCode }
}

async function retitleSite (contentDir: string): Promise<void> {
  const site = path.join(contentDir, 'site.yaml')
  await writeFile(site, (await readFile(site, 'utf8')).replace(/^title: .*$/m, 'title: Retitled, so every page is written again'))
}

// SIGKILL as soon as `ready` says the build is where the test wants it.
async function killWhen (child: ReturnType<typeof spawn>, ready: () => Promise<boolean>): Promise<{ finished: boolean }> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  const state = { finished: false }
  exited.then(() => { state.finished = true }, () => {})
  while (!(await ready())) {
    if (state.finished) break
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  const finished = state.finished
  child.kill('SIGKILL')
  await exited
  return { finished }
}

async function setUp (t: TestWithTeardown) {
  const dirs = await copyPublication(t, 'minimal')
  const parent = await makeTempDir(t, 'site')
  const outDir = path.join(parent, 'public')
  const cacheDir = path.join(parent, 'cache')
  const run = async () => await build({ ...dirs, outDir, cacheDir }, quiet)
  return { dirs, outDir, cacheDir, parent, run }
}

t.test('a second build rewrites only the files whose bytes changed; the others keep their inode and modification time', async (t) => {
  const { dirs, outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  const before = await snapshotFolder(outDir)
  await new Promise((resolve) => setTimeout(resolve, 20))
  const issue = path.join(dirs.contentDir, 'issues', 'first.md')
  await writeFile(issue, (await readFile(issue, 'utf8')).replace(/^title: .*$/m, 'title: The first issue, retitled'))
  t.equal(await run(), 0)
  const after = await snapshotFolder(outDir)
  t.same([...after.keys()], [...before.keys()], 'the same files')
  const rewritten = [...after].filter(([name, file]) => before.get(name)!.ino !== file.ino || before.get(name)!.mtimeMs !== file.mtimeMs).map(([name]) => name)
  t.ok(rewritten.includes('issues/first/index.html'), 'the retitled issue\'s page')
  t.ok(rewritten.includes('feed.xml'), 'the main feed')
  t.ok(rewritten.includes('issues/second/index.html'), 'the next issue\'s page, which names it')
  t.notOk(rewritten.includes('episodes/bonus/index.html'), 'not a page that does not show it')
  t.notOk(rewritten.some((name) => name.startsWith('media/')), 'not the media')
  t.match(await readFile(path.join(outDir, 'issues', 'first', 'index.html'), 'utf8'), 'The first issue, retitled')
  t.equal(await run(), 0)
  t.same(await snapshotFolder(outDir), after, 'a build with nothing changed rewrites nothing')
})

t.test('a change that renders outputs again with the same bytes rewrites none of them, feeds included', async (t) => {
  const { dirs, outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  const before = await snapshotFolder(outDir)
  await new Promise((resolve) => setTimeout(resolve, 20))
  // The same slug from a dated file name: every output naming the issue is rendered again (its
  // file is part of what it was read from), and none of their bytes show the name.
  const issues = path.join(dirs.contentDir, 'issues')
  await rename(path.join(issues, 'first.md'), path.join(issues, '2024-01-01-first.md'))
  t.equal(await run(), 0)
  const after = await snapshotFolder(outDir)
  t.same([...after.keys()], [...before.keys()], 'the same files')
  const rewritten = [...after].filter(([name, file]) => before.get(name)!.ino !== file.ino || before.get(name)!.mtimeMs !== file.mtimeMs).map(([name]) => name)
  t.same(rewritten.filter((name) => name !== '.feedwright-build'), [], 'no file rewritten: not the main feeds, which a browser is shown a page for when served, nor any other')
})

t.test('the folder ends up holding exactly this version: a removed issue\'s page and its folder are gone', async (t) => {
  const { dirs, outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  await rm(path.join(dirs.contentDir, 'issues', 'second.md'))
  t.equal(await run(), 0)
  t.notOk(existsSync(path.join(outDir, 'issues', 'second')), 'the removed issue has no page, and no folder')
  t.ok(existsSync(path.join(outDir, 'issues', 'first', 'index.html')), 'the other issue keeps its page')
  t.same((await readdir(path.dirname(outDir))).sort(), ['cache', 'public'], 'no staging folder is left beside it')
  const cold = await makeTempDir(t, 'cold')
  t.equal(await build({ ...dirs, outDir: path.join(cold, 'public'), cacheDir: undefined }, quiet), 0)
  t.same([...(await snapshotFolder(outDir)).keys()], [...(await snapshotFolder(path.join(cold, 'public'))).keys()], 'the same files as a cold build of the same content')
})

t.test('builds in place after an edit, an addition, a retag and a deletion hold exactly the bytes of a cold build', async (t) => {
  const { dirs, outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  const issues = path.join(dirs.contentDir, 'issues')
  const first = path.join(issues, 'first.md')
  const steps: Array<[string, () => Promise<void>]> = [
    ['an edited title', async () => await writeFile(first, (await readFile(first, 'utf8')).replace(/^title: .*$/m, 'title: The first issue, retitled'))],
    ['an added issue with a new tag', async () => await writeFile(path.join(issues, 'third.md'), '---\ntitle: A third issue\ndate: 2024-02-01T09:00:00Z\ntags: [brand-new]\n---\nA third issue, with a tag of its own.\n')],
    ['a retag', async () => await writeFile(first, (await readFile(first, 'utf8')).replace(/^tags: .*$/m, 'tags: [brand-new]'))],
    ['a deleted issue', async () => await rm(path.join(issues, 'second.md'))]
  ]
  for (const [change, apply] of steps) {
    await apply()
    t.equal(await run(), 0, change)
    const cold = path.join(await makeTempDir(t, 'cold'), 'public')
    t.equal(await build({ ...dirs, outDir: cold, cacheDir: undefined }, quiet), 0)
    const [inPlace, fresh] = await Promise.all([digestsOf(outDir), digestsOf(cold)])
    inPlace.delete('.feedwright-build')
    fresh.delete('.feedwright-build')
    t.same([...inPlace], [...fresh], `after ${change}, every file and byte as a cold build`)
  }
})

t.test('a build the cache cannot vouch for writes the whole folder anew: nothing else stays behind', async (t) => {
  const { dirs, outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  await writeFile(path.join(outDir, 'left-over.txt'), 'from an older build')
  t.equal(await build({ ...dirs, outDir, cacheDir: undefined }, quiet), 0)
  t.notOk(existsSync(path.join(outDir, 'left-over.txt')))
  t.same((await readdir(path.dirname(outDir))).sort(), ['cache', 'public'], 'no staging folder is left beside it')
})

t.test('a build that fails leaves the previous folder exactly as it was', async (t) => {
  const { dirs, outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  const before = await snapshotFolder(outDir)
  await writeFile(path.join(dirs.contentDir, 'issues', 'broken.md'), '---\ntitle: "Broken\n---\n')
  t.equal(await run(), 1)
  t.same(await snapshotFolder(outDir), before)
})

t.test('a build killed half-way leaves the previous folder intact, and the next one cleans up and completes', async (t) => {
  const { dirs, outDir, parent, args, withoutCache, exitCode } = await setUpLarge(t)
  t.equal(await exitCode(spawn(process.execPath, withoutCache, { cwd: ROOT, stdio: 'ignore' })), 0)
  const before = await snapshotFolder(outDir)
  await retitleSite(dirs.contentDir)
  // Without the cache, the new version is written beside the folder and swapped in.
  const killed = await killWhen(spawn(process.execPath, withoutCache, { cwd: ROOT, stdio: 'ignore' }), async () => (await readdir(parent)).some((name) => name.startsWith('.public.staging-')))
  t.notOk(killed.finished, 'the build was still running when killed')
  t.same(await snapshotFolder(outDir), before, 'the previous version, untouched')
  t.equal(await exitCode(spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' })), 0)
  t.same((await readdir(parent)).sort(), ['cache', 'public'], 'the half-written version is gone')
  t.match(await readFile(path.join(outDir, 'index.html'), 'utf8'), 'Retitled, so every page is written again')
})

t.test('a build killed while changing the folder in place leaves every file whole, and the next one completes it', async (t) => {
  const { dirs, outDir, parent, args, exitCode } = await setUpLarge(t)
  t.equal(await exitCode(spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' })), 0)
  const before = await digestsOf(outDir)
  await retitleSite(dirs.contentDir)
  const marker = path.join(outDir, '.feedwright-build')
  const killed = await killWhen(spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' }), async () => (await readFile(marker, 'utf8').catch(() => '')).includes('changing'))
  t.notOk(killed.finished, 'the build was still running when killed')
  const half = await digestsOf(outDir)
  t.equal(await exitCode(spawn(process.execPath, args, { cwd: ROOT, stdio: 'ignore' })), 0)
  const after = await digestsOf(outDir)
  const torn = [...half].filter(([name, digest]) => !name.endsWith('.tmp') && name !== '.feedwright-build' && digest !== before.get(name) && digest !== after.get(name))
  t.same(torn, [], 'every file was, at the kill, either the old or the new version, whole')
  t.same([...after.keys()].filter((name) => name.endsWith('.tmp')), [], 'no temporary file is left')
  t.same([...after.keys()].filter((name) => name !== '.feedwright-build'), [...before.keys()].filter((name) => name !== '.feedwright-build'), 'the same files as before, now all of the new version')
  t.same((await readdir(parent)).sort(), ['cache', 'public'])
  t.match(await readFile(path.join(outDir, 'index.html'), 'utf8'), 'Retitled, so every page is written again')
})

t.test('a build killed between the two renames of its swap gets the previous folder back first', async (t) => {
  const { outDir, parent, run } = await setUp(t)
  t.equal(await run(), 0)
  const before = await snapshotFolder(outDir)
  // What a kill right after moving the previous version aside leaves behind.
  await rename(outDir, path.join(parent, '.public.previous-12345'))
  t.equal(await run(), 0)
  const after = await snapshotFolder(outDir)
  t.same([...after.keys()], [...before.keys()])
  t.ok([...after].every(([name, file]) => before.get(name)!.ino === file.ino), 'unchanged files are the previous ones, linked, not written again')
  t.same((await readdir(parent)).sort(), ['cache', 'public'])
})

t.test('an --out that is a file, or a folder of other files, is refused in one line and left alone', async (t) => {
  const { dirs, parent } = await setUp(t)
  const file = path.join(parent, 'a-file')
  await writeFile(file, 'mine')
  let result = await capture(async (output) => await build({ ...dirs, outDir: file }, output))
  t.equal(result.code, 1)
  t.match(result.text, /--out .*a-file: is a file, not a folder/)
  t.notMatch(result.text, /\n\s+at /, 'no stack trace')
  const documents = path.join(parent, 'Documents')
  await mkdir(documents)
  await writeFile(path.join(documents, 'thesis.txt'), 'precious')
  result = await capture(async (output) => await build({ ...dirs, outDir: documents }, output))
  t.equal(result.code, 1)
  t.match(result.text, /holds files feedwright did not write \(thesis\.txt\)/)
  t.equal(await readFile(path.join(documents, 'thesis.txt'), 'utf8'), 'precious')
})

t.test('says when the next scheduled issue is due, so a static host can be rebuilt then', async (t) => {
  const { dirs, outDir, cacheDir } = await setUp(t)
  await writeFile(path.join(dirs.contentDir, 'issues', 'later.md'), '---\ntitle: Later\ndate: 2999-01-01T09:00:00Z\nsummary: Not yet.\n---\nText.\n')
  const result = await capture(async (output) => await build({ ...dirs, outDir, cacheDir }, output))
  t.equal(result.code, 0)
  t.match(result.text, 'the next scheduled issue or episode is due at 2999-01-01T09:00:00.000Z')
})

t.test('a plain static server (python3 -m http.server) serves the build at the addresses the feeds link to', async (t) => {
  const { outDir, run } = await setUp(t)
  t.equal(await run(), 0)
  const port = await freePort('127.0.0.1')
  const server = spawn('python3', ['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', outDir], { stdio: 'ignore' })
  const spawned = await new Promise<boolean>((resolve) => { server.once('spawn', () => resolve(true)); server.once('error', () => resolve(false)) })
  // python3 is on every machine feedwright is developed and tested on (node-gyp needs it too).
  if (!t.ok(spawned, 'python3 starts')) return
  t.teardown(() => { server.kill() })
  const base = `http://127.0.0.1:${port}`
  const get = async (url: string) => {
    for (let tries = 0; ; tries++) {
      try {
        return await request(`${base}${url}`, { maxRedirections: 0 } as Parameters<typeof request>[1])
      } catch (error) {
        if (tries > 100) throw error
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    }
  }
  const redirect = await get('/issues/first')
  t.equal(redirect.statusCode, 301, 'the address without its slash is redirected')
  t.equal(redirect.headers.location, '/issues/first/')
  await redirect.body.dump()
  for (const url of ['/issues/first/', '/tags/feeds/', '/episodes/bonus/', '/']) {
    const page = await get(url)
    t.equal(page.statusCode, 200, url)
    t.match(page.headers['content-type'], 'text/html', url)
    t.notMatch(await page.body.text(), 'Directory listing', `${url} is a page, not a folder listing`)
  }
  const feed = await get('/tags/feeds/feed.xml')
  t.equal(feed.statusCode, 200)
  t.match(await feed.body.text(), '<rss')
})
