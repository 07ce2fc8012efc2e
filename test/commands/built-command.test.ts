import { execFile, spawn } from 'node:child_process'
import { cp, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { request } from 'undici'
import { build } from '../../src/commands/build.ts'
import { listeningAddress, makeTempDir, pollUntil, publicationDirs, ROOT, stopChild } from '../helpers.ts'

// What people run is dist/, the bundle scripts/bundle.mjs makes (npm test makes it first): its
// command line, its worker threads and the files it finds beside it. Every other test runs the
// sources; these run the bundle, and check it does exactly what the sources do.

const exec = promisify(execFile)
const CLI = path.join(ROOT, 'dist', 'cli.js')
// Past the 200 bodies at which a load renders Markdown on worker threads (markdown-pool.ts).
const ISSUES = 260

async function largePublication (dir: string): Promise<{ contentDir: string, mediaDir: string }> {
  const sample = publicationDirs('sample')
  const contentDir = path.join(dir, 'content')
  await cp(sample.contentDir, contentDir, { recursive: true })
  for (let n = 1; n <= ISSUES; n++) {
    const day = new Date(Date.UTC(2020, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
    await writeFile(path.join(contentDir, 'issues', `${day}-issue-${n}.md`), [
      '---',
      `title: "Issue ${n}: <b>bold</b> & plain"`,
      `date: ${day}T09:00:00Z`,
      `tags: [tag-${n % 7}, shared]`,
      '---',
      `Paragraph of issue ${n}, with [a link](https://example.org/${n}) and *emphasis*.`,
      '',
      `## Section ${n}`,
      '',
      '- a list',
      '- of things',
      ''
    ].join('\n'))
  }
  return { contentDir, mediaDir: sample.mediaDir }
}

async function filesUnder (root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>()
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    files.set(path.relative(root, file), await readFile(file))
  }
  return files
}

t.test('the built command prints the version in package.json', async (t) => {
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  const { stdout } = await exec(process.execPath, [CLI, '--version'])
  t.equal(stdout.trim(), `feedwright ${version}`)
})

t.test('the built command builds a large publication byte for byte as the sources do', async (t) => {
  const dir = await makeTempDir(t, 'built-build')
  const dirs = await largePublication(dir)
  const { stdout } = await exec(process.execPath, [CLI, 'build', '--content', dirs.contentDir, '--media', dirs.mediaDir, '--out', path.join(dir, 'built'), '--no-cache'])
  t.match(stdout, /^wrote \d+ feeds and pages and 7 media files/)
  const fromSources = await build({ ...dirs, outDir: path.join(dir, 'sources') }, { out: () => {}, err: () => {} })
  t.equal(fromSources, 0)
  const built = await filesUnder(path.join(dir, 'built'))
  const sources = await filesUnder(path.join(dir, 'sources'))
  t.same([...built.keys()].sort(), [...sources.keys()].sort(), 'the same files')
  t.ok(built.has(path.join('issues', `issue-${ISSUES}`, 'index.html')), 'the newest generated issue has its page')
  const differing = [...sources].filter(([file, bytes]) => !built.get(file)?.equals(bytes)).map(([file]) => file)
  t.same(differing, [], 'every file has the same bytes')
})

t.test('the built server publishes on its worker thread and serves what the build wrote', async (t) => {
  const dir = await makeTempDir(t, 'built-serve')
  const dirs = await largePublication(dir)
  await exec(process.execPath, [CLI, 'build', '--content', dirs.contentDir, '--media', dirs.mediaDir, '--out', path.join(dir, 'built'), '--no-cache'])
  const child = spawn(process.execPath, [CLI, 'serve', '--content', dirs.contentDir, '--media', dirs.mediaDir, '--no-cache', '--no-watch',
    '--port', '0', '--host', '127.0.0.1', '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] })
  t.teardown(async () => await stopChild(child))
  const { address: base } = await listeningAddress(child)
  // A first start serves its hot outputs while it renders the rest: 'starting' until then.
  const health = await pollUntil(async () => ((await (await request(`${base}/health`)).body.json()) as { status: string }).status, (status) => status !== 'starting', 20_000)
  t.equal(health, 'ok', 'every output is served')
  for (const [urlPath, file] of [['/feed.xml', 'feed.xml'], ['/podcast.xml', 'podcast.xml'], [`/issues/issue-${ISSUES}/`, path.join('issues', `issue-${ISSUES}`, 'index.html')]] as const) {
    const response = await request(`${base}${urlPath}`, { headers: { 'accept-encoding': 'identity', accept: 'application/xml' } })
    t.equal(response.statusCode, 200, urlPath)
    t.ok(Buffer.from(await response.body.arrayBuffer()).equals(await readFile(path.join(dir, 'built', file))), `${urlPath}: the bytes the build wrote`)
  }
})

t.test('the built command finds the template media shipped beside it', async (t) => {
  const dir = await makeTempDir(t, 'built-init')
  await exec(process.execPath, [CLI, 'init', '--with-episode', dir])
  for (const name of ['welcome.mp3', 'artwork.png']) {
    t.ok((await readFile(path.join(dir, 'media', name))).equals(await readFile(path.join(ROOT, 'templates', 'media', name))), name)
  }
  const { stdout } = await exec(process.execPath, [CLI, 'validate', '--content', path.join(dir, 'content'), '--media', path.join(dir, 'media')])
  t.match(stdout, /valid: 1 issue, 1 episode/)
})
