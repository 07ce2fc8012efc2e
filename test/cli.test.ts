import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { main } from '../src/cli.ts'
import { fileNameFor } from '../src/model/urls.ts'
import { publish } from '../src/publish/publish.ts'
import { loadFixture, makeTempDir, publicationDirs, ROOT } from './helpers.ts'

async function run (...argv: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (text) => { out += text }, err: (text) => { err += text } })
  return { code, out, err }
}

// Nothing is kept between runs: each test sees only its own work.
function fixtureArgs (name: string): string[] {
  const { contentDir, mediaDir } = publicationDirs(name)
  return ['--content', contentDir, '--media', mediaDir, '--no-cache']
}

t.test('validate exits 0 on the sample and says what it found', async (t) => {
  const result = await run('validate', ...fixtureArgs('sample'))
  t.equal(result.code, 0)
  t.match(result.out, /valid: 1 issue, 2 episodes/)
  t.equal(result.err, '')
})

t.test('validate exits 1 and prints every problem with its file, line and field', async (t) => {
  const result = await run('validate', ...fixtureArgs('broken'))
  t.equal(result.code, 1)
  const lines = result.err.trim().split('\n')
  t.equal(lines.length, 13, 'twelve problems and a summary')
  t.match(result.err, /broken\/content\/issues\/bad-date\.md:3: date: "2023-02-30T10:00:00Z" is not a real date/)
  t.match(result.err, /invalid: 12 errors; nothing was published/)
})

t.test('validate exits 0 with warnings only, and prints them', async (t) => {
  const result = await run('validate', ...fixtureArgs('warnings-only'))
  t.equal(result.code, 0)
  t.match(result.err, /ep1\.md:\d+: warning: audio: remote audio .* has no duration/)
})

t.test('build writes the feeds, pages and media, byte for byte what is published', async (t) => {
  const out = await makeTempDir(t, 'build')
  const result = await run('build', '--out', out, ...fixtureArgs('minimal'), '--base-url', 'https://cdn.example.org/news/')
  t.equal(result.code, 0)
  const written = await readdir(out, { recursive: true })
  const outputs = [
    'atom.xml', 'episodes/bonus/index.html', 'episodes/first-episode/index.html', 'feed.json', 'feed.xml', 'index.html', 'issues/first/index.html', 'issues/second/index.html', 'podcast.xml',
    'feeds.opml', 'tags/feeds/index.html', 'tags/feeds/atom.xml', 'tags/feeds/feed.json', 'tags/feeds/feed.xml',
    'tags/testing/index.html', 'tags/testing/atom.xml', 'tags/testing/feed.json', 'tags/testing/feed.xml',
    '404.html', 'robots.txt', 'sitemap.xml', 'favicon.ico', 'apple-touch-icon.png', 'icon-192.png', 'icon-512.png', 'manifest.webmanifest'
  ]
  const media = ['media/artwork.png', 'media/bonus.srt', 'media/first.chapters.json', 'media/first.vtt', 'media/tone.mp3']
  t.same(written.sort(), [
    '.feedwright-build', 'episodes', 'episodes/bonus', 'episodes/first-episode', 'issues', 'issues/first', 'issues/second', 'media', 'tags', 'tags/feeds', 'tags/testing', ...media,
    ...outputs.flatMap((file) => [file, `${file}.gz`, `${file}.br`])
  ].sort(), 'every output with its .gz and .br, and the media as they are')
  const loaded = await loadFixture('minimal', 'https://cdn.example.org/news/')
  const published = await publish(loaded.publication)
  for (const file of published.files.values()) t.ok((await readFile(path.join(out, fileNameFor(file.path)))).equals(file.representations.identity.body!), file.path)
  t.ok((await readFile(path.join(out, 'media', 'tone.mp3'))).equals(await readFile(path.join(publicationDirs('minimal').mediaDir, 'tone.mp3'))))
  t.match(await readFile(path.join(out, 'podcast.xml'), 'utf8'), 'https://cdn.example.org/news/media/tone.mp3')
})

t.test('build writes nothing from invalid content', async (t) => {
  const out = await makeTempDir(t, 'build')
  const result = await run('build', '--out', out, ...fixtureArgs('broken'))
  t.equal(result.code, 1)
  t.same(await readdir(out), [])
  t.match(result.err, /Nothing was written/)
})

t.test('each command has --help, and misuse explains the usage', async (t) => {
  t.match(await run('--help'), { code: 0, out: /Commands:\n {2}serve .*\n {2}build .*\n {2}validate/ })
  t.match(await run('serve', '--help'), { code: 0, out: /Usage: feedwright serve[\s\S]*--port N[\s\S]*--host HOST[\s\S]*--media DIR/ })
  t.match(await run('serve', '--port', 'eighty'), { code: 2, err: /--port: "eighty" is not a port number/ })
  t.match(await run('build', '--help'), { code: 0, out: /Usage: feedwright build --out DIR[\s\S]*--base-url URL/ })
  t.match(await run('validate', '--help'), { code: 0, out: /Usage: feedwright validate[\s\S]*--content DIR/ })
  t.match(await run('build'), { code: 2, err: /build needs --out DIR/ })
  t.match(await run('build', '--out', 'x', '--base-url', 'ftp://x'), { code: 2, err: /must be an http or https URL/ })
  t.match(await run('validate', '--colour'), { code: 2, err: /Unknown option '--colour'/ })
  t.match(await run('publish'), { code: 2, err: /unknown command "publish"/ })
})

t.test('the feedwright executable sets its exit code from the command', async (t) => {
  const cli = path.join(ROOT, 'src', 'cli.ts')
  const exec = promisify(execFile)
  const ok = await exec(process.execPath, ['--import', 'tsx', cli, 'validate', ...fixtureArgs('minimal')], { cwd: ROOT })
  t.match(ok.stdout, /valid: 2 issues, 2 episodes/)
  await t.rejects(exec(process.execPath, ['--import', 'tsx', cli, 'validate', ...fixtureArgs('broken')], { cwd: ROOT }), { code: 1, stderr: /not a real date/ })
})
