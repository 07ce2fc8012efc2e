import { execFile } from 'node:child_process'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { parseRssFeed } from 'feedsmith'
import t from 'tap'
import { parse } from 'yaml'
import { main } from '../../src/cli.ts'
import { loadPublication } from '../../src/content/load-publication.ts'
import { publish } from '../../src/publish/publish.ts'
import { makeTempDir, parseXml, ROOT } from '../helpers.ts'

// A zone with a half-hour offset, so the written offset is visibly the machine's own.
process.env.TZ = 'Asia/Kolkata'

async function run (...argv: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (text) => { out += text }, err: (text) => { err += text } })
  return { code, out, err }
}

const dirsOf = (dir: string): string[] => ['--content', path.join(dir, 'content'), '--media', path.join(dir, 'media')]
const frontMatter = (text: string): Record<string, unknown> => parse(text.split(/^---$/m)[1]!) as Record<string, unknown>

t.test('init writes a newsletter that validates and publishes its first issue', async (t) => {
  const dir = path.join(await makeTempDir(t, 'init'), 'my-letters')
  const result = await run('init', dir)
  t.equal(result.code, 0, result.err)
  t.match(result.out, /feedwright serve --local/)
  const issues = await readdir(path.join(dir, 'content', 'issues'))
  t.match(issues, [/^\d{4}-\d{2}-\d{2}-welcome\.md$/])
  t.match(await readFile(path.join(dir, '.gitignore'), 'utf8'), /^\/public\/$/m)
  const site = parse(await readFile(path.join(dir, 'content', 'site.yaml'), 'utf8')) as Record<string, unknown>
  t.equal(site.title, 'My letters')
  t.equal(site.owner, undefined, 'a newsletter leaves the podcast fields commented out')

  const validated = await run('validate', ...dirsOf(dir))
  t.equal(validated.code, 0, validated.err)
  t.match(validated.out, /valid: 1 issue, 0 episodes/)
  const { publication } = await loadPublication({ contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media') })
  const rss = await parseXml((await publish(publication)).files.get('/feed.xml')!.representations.identity.body!.toString('utf8'))
  t.equal(rss.rss.channel[0].item[0].title[0], 'Welcome')
  t.match(rss.rss.channel[0].item[0].description[0], /^This is the first issue\./, 'its summary comes from its first paragraph')
})

t.test('init --with-episode writes a podcast whose feed carries the episode, audio and artwork', async (t) => {
  const dir = await makeTempDir(t, 'init-podcast')
  t.equal((await run('init', dir, '--with-episode')).code, 0)
  const validated = await run('validate', ...dirsOf(dir))
  t.equal(validated.code, 0, validated.err)
  t.match(validated.out, /valid: 1 issue, 1 episode/)
  const { publication } = await loadPublication({ contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media'), baseUrl: 'http://localhost:3000/' })
  const feed = parseRssFeed((await publish(publication)).files.get('/podcast.xml')!.representations.identity.body!.toString('utf8'))
  const [item] = feed.items ?? []
  t.equal(item?.title, 'Welcome')
  t.equal(item?.enclosures?.[0]?.url, 'http://localhost:3000/media/welcome.mp3')
  t.equal(item?.enclosures?.[0]?.length, (await stat(path.join(dir, 'media', 'welcome.mp3'))).size)
  t.equal(item?.enclosures?.[0]?.type, 'audio/mpeg')
  t.ok((item?.itunes?.duration ?? 0) >= 2, `the audio lasts ${item?.itunes?.duration} s`)
  t.equal(feed.itunes?.image, 'http://localhost:3000/media/artwork.png')
})

t.test('init never overwrites: a second init in the same folder changes nothing', async (t) => {
  const dir = await makeTempDir(t, 'init-twice')
  await run('init', dir)
  const site = path.join(dir, 'content', 'site.yaml')
  await writeFile(site, 'edited by hand\n')
  const again = await run('init', dir, '--with-episode')
  t.equal(again.code, 1)
  t.match(again.err, /content\/site\.yaml.*already exist.*never overwrites a file/)
  t.equal(await readFile(site, 'utf8'), 'edited by hand\n')
  t.same(await readdir(dir), ['.gitignore', 'content'], 'no media was copied either')
})

t.test('new issue writes a dated draft with every field, named by its title, and refuses to overwrite it', async (t) => {
  const dir = await makeTempDir(t, 'new-issue')
  await run('init', dir)
  const result = await run('new', 'issue', 'Café: première édition!', ...dirsOf(dir))
  t.equal(result.code, 0, result.err)
  const files = await readdir(path.join(dir, 'content', 'issues'))
  const written = files.find((name) => name.endsWith('-cafe-premiere-edition.md'))!
  t.ok(written, 'named by the slug of its title')
  const text = await readFile(path.join(dir, 'content', 'issues', written), 'utf8')
  const fields = frontMatter(text)
  t.equal(fields.title, 'Café: première édition!')
  t.match(String(fields.date), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\+05:30$/, 'dated now, with the local offset')
  t.equal(written.slice(0, 10), String(fields.date).slice(0, 10), 'the file name has the local date')
  t.equal(fields.draft, true)
  for (const field of ['summary', 'tags', 'authors', 'updated', 'slug']) t.match(text, new RegExp(`^# ${field}:`, 'm'), `${field} is there, commented`)
  const validated = await run('validate', ...dirsOf(dir))
  t.equal(validated.code, 0, validated.err)
  t.match(validated.out, new RegExp(`${written}: held back: draft`))

  t.match(await run('new', 'issue', 'Café: première édition!', ...dirsOf(dir)), { code: 1, err: /already exists; it was left as it is/ })
  t.equal(await readFile(path.join(dir, 'content', 'issues', written), 'utf8'), text)
  t.match(await run('new', 'issue', '???', ...dirsOf(dir)), { code: 2, err: /has no letters or digits/ })
})

t.test('new episode writes the episode of an issue and copies its audio into media/', async (t) => {
  const dir = await makeTempDir(t, 'new-episode')
  await run('init', dir, '--with-episode')
  await run('new', 'issue', 'Second', ...dirsOf(dir))
  const issueFile = (await readdir(path.join(dir, 'content', 'issues'))).find((name) => name.endsWith('-second.md'))!
  // Publish it: a draft's episode is held back too.
  const issuePath = path.join(dir, 'content', 'issues', issueFile)
  await writeFile(issuePath, (await readFile(issuePath, 'utf8')).replace(/^draft: true.*$/m, ''))
  const recording = path.join(await makeTempDir(t, 'recording'), 'take 2.mp3')
  await writeFile(recording, await readFile(path.join(dir, 'media', 'welcome.mp3')))

  const result = await run('new', 'episode', '--issue', 'second', '--audio', recording, ...dirsOf(dir))
  t.equal(result.code, 0, result.err)
  t.ok((await readFile(path.join(dir, 'media', 'take 2.mp3'))).equals(await readFile(recording)), 'the audio is copied into media/')
  t.match(frontMatter(await readFile(path.join(dir, 'content', 'episodes', 'second.md'), 'utf8')), { issue: 'second', audio: 'take 2.mp3' })
  const validated = await run('validate', ...dirsOf(dir))
  t.equal(validated.code, 0, validated.err)
  t.match(validated.out, /valid: 2 issues, 2 episodes/)

  t.match(await run('new', 'episode', '--issue', 'secnd', ...dirsOf(dir)), { code: 2, err: /"secnd" is not the slug of any issue; the nearest are: second, welcome/ })
  t.match(await run('new', 'episode', '--issue', 'second', ...dirsOf(dir)), { code: 1, err: /episodes\/second\.md already exists/ })
})

t.test('the package ships the template media, so a global install can init a podcast', async (t) => {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT })
  const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((file) => file.path)
  t.ok(files.includes('templates/media/welcome.mp3') && files.includes('templates/media/artwork.png'), 'templates are in package.json files')
  t.notOk(files.some((file) => file.startsWith('test/') || file.startsWith('content/')), 'and nothing of the repository besides')
})

t.test('an error no command foresaw is one line, without a stack trace', async (t) => {
  const file = path.join(await makeTempDir(t, 'not-a-folder'), 'file')
  await writeFile(file, 'a file, not a folder\n')
  const exec = promisify(execFile)
  const failed = await exec(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'init', path.join(file, 'pub')], { cwd: ROOT }).catch((error: { code: number, stderr: string }) => error)
  t.match(failed, { code: 1 })
  const lines = (failed as { stderr: string }).stderr.trim().split('\n')
  t.match(lines, [/^feedwright: ENOTDIR: not a directory, mkdir '.*file\/pub\/content'$/, /FEEDWRIGHT_DEBUG=1/])
  t.equal(lines.length, 2)
})

t.test('init and new explain their usage when misused', async (t) => {
  t.match(await run('--help'), { code: 0, out: /\n {2}init .*\n {2}new / })
  t.match(await run('init', '--help'), { code: 0, out: /Usage: feedwright init DIR \[--with-episode\]/ })
  t.match(await run('init'), { code: 2, err: /init needs one folder: feedwright init DIR/ })
  t.match(await run('new'), { code: 2, err: /what to write: new issue "Title", or new episode --issue SLUG/ })
  t.match(await run('new', 'podcast'), { code: 2, err: /\(not "podcast"\)/ })
  t.match(await run('new', 'episode'), { code: 2, err: /new episode needs the issue it goes with/ })
  t.match(await run('validate', 'extra'), { code: 2, err: /unexpected argument "extra"/ }, 'other commands still take no arguments')
})
