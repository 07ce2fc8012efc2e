import { readFile, readdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { importFeed } from '../../src/import/import-feed.ts'
import { makeTempDir, type TestWithTeardown } from '../helpers.ts'
import { IMPORT_FIXTURES, mockOldHosts } from './import-helpers.ts'

const SOURCE = 'https://feeds.buzzsprout.example/1234567.rss'

async function setUp (t: TestWithTeardown): Promise<{ dirs: { contentDir: string, mediaDir: string }, run: (file?: string, dryRun?: boolean, downloadMedia?: boolean) => Promise<Awaited<ReturnType<typeof importFeed>>> }> {
  const dir = await makeTempDir(t, 'reimport')
  const dirs = { contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media') }
  const run = async (file = 'buzzsprout.xml', dryRun = false, downloadMedia = false) => {
    const dispatcher = await mockOldHosts(t, { [SOURCE]: file })
    return await importFeed({ source: SOURCE, ...dirs, dispatcher, dryRun, downloadMedia, wait: async () => {} })
  }
  return { dirs, run }
}

async function filesUnder (dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  const files: Record<string, string> = {}
  for (const entry of entries.filter((candidate) => candidate.isFile())) {
    const file = path.join(entry.parentPath, entry.name)
    files[path.relative(dir, file)] = await readFile(file, 'latin1')
  }
  return files
}

const actionsOf = (result: Awaited<ReturnType<typeof importFeed>>, action: string) => result.actions.filter((candidate) => candidate.action === action).map((candidate) => candidate.file).sort()

t.test('importing the same feed again changes no byte', async (t) => {
  const { dirs, run } = await setUp(t)
  await run()
  const before = await filesUnder(path.dirname(dirs.contentDir))
  const again = await run()
  t.same(await filesUnder(path.dirname(dirs.contentDir)), before)
  t.same(actionsOf(again, 'create'), [])
  t.same(actionsOf(again, 'update'), [])
  t.equal(actionsOf(again, 'unchanged').length, 5, 'site.yaml, two issues, two episodes')
})

t.test('a new item is added and a changed one updated, recognised by GUID, never duplicated', async (t) => {
  const { dirs, run } = await setUp(t)
  await run()
  const original = await readFile(path.join(IMPORT_FIXTURES, 'buzzsprout.xml'), 'utf8')
  const changed = original
    // Retitled upstream: same GUID, so the same file, updated.
    .replace('<title>Ep. 3: Gears</title>', '<title>Ep. 3: Gears, revised</title>')
    .replace('<item>', `<item>
    <title>Ep. 4: Springs</title>
    <description><![CDATA[<p>Springs.</p>]]></description>
    <enclosure url="https://www.buzzsprout.example/1234567/14600000-springs.mp3" length="100" type="audio/mpeg" />
    <guid isPermaLink="false">Buzzsprout-14600000</guid>
    <pubDate>Thu, 07 Mar 2024 14:00:00 -0500</pubDate>
  </item>
  <item>`)
  const file = path.join(await makeTempDir(t, 'feed'), 'changed.xml')
  await writeFile(file, changed)
  const second = await run(path.relative(IMPORT_FIXTURES, file))
  t.same(actionsOf(second, 'create'), ['content/episodes/ep-4-springs.md', 'content/issues/2024-03-07-ep-4-springs.md'])
  t.same(actionsOf(second, 'update'), ['content/issues/2024-02-29-ep-3-gears.md'])
  const issues = await readdir(path.join(dirs.contentDir, 'issues'))
  t.equal(issues.length, 3, 'two old issues and one new, no duplicate')
  t.match(await readFile(path.join(dirs.contentDir, 'issues', '2024-02-29-ep-3-gears.md'), 'utf8'), /title: "Ep\. 3: Gears, revised"|title: 'Ep\. 3: Gears, revised'|title: Ep\. 3: Gears, revised/)
})

t.test('a file the user edited since is never overwritten; the conflict is reported', async (t) => {
  const { dirs, run } = await setUp(t)
  await run()
  const file = path.join(dirs.contentDir, 'issues', '2024-02-29-ep-3-gears.md')
  const edited = (await readFile(file, 'utf8')).replace('All about gears.', 'All about gears, with my own notes.')
  await writeFile(file, edited)
  const original = await readFile(path.join(IMPORT_FIXTURES, 'buzzsprout.xml'), 'utf8')
  const feedFile = path.join(await makeTempDir(t, 'feed'), 'retitled.xml')
  await writeFile(feedFile, original.replace('<title>Ep. 3: Gears</title>', '<title>Ep. 3: Gears, revised</title>'))
  const second = await run(path.relative(IMPORT_FIXTURES, feedFile))
  t.same(actionsOf(second, 'conflict'), ['content/issues/2024-02-29-ep-3-gears.md'])
  t.equal(await readFile(file, 'utf8'), edited, 'the user\'s text is kept')
  t.match(second.report.find((entry) => entry.subject === 'conflicts')?.lines.join('\n'), /content\/issues\/2024-02-29-ep-3-gears\.md: changed since import wrote it/)
})

t.test('--dry-run lists what it would write and writes nothing', async (t) => {
  const { dirs, run } = await setUp(t)
  const result = await run(undefined, true)
  t.same(actionsOf(result, 'create'), ['content/episodes/ep-3-gears.md', 'content/episodes/trailer.md', 'content/issues/2024-01-15-trailer.md', 'content/issues/2024-02-29-ep-3-gears.md', 'content/site.yaml'])
  t.same(actionsOf(result, 'download'), ['media/artwork.jpg'])
  t.same(await filesUnder(path.dirname(dirs.contentDir)).catch(() => ({})), {}, 'no file at all')
})

t.test('file names from feed data stay inside the content and media folders', async (t) => {
  const { dirs, run } = await setUp(t)
  const original = await readFile(path.join(IMPORT_FIXTURES, 'buzzsprout.xml'), 'utf8')
  const feedFile = path.join(await makeTempDir(t, 'feed'), 'hostile.xml')
  await writeFile(feedFile, original
    .replace('<title>Ep. 3: Gears</title>', '<title>../../../etc/passwd</title>')
    .replace('https://www.buzzsprout.example/1234567/14500001-gears.mp3', 'https://www.buzzsprout.example/1234567/..%2F..%2F..%2Fevil.mp3'))
  await run(path.relative(IMPORT_FIXTURES, feedFile), false, true)
  const dir = path.dirname(dirs.contentDir)
  const all = Object.keys(await filesUnder(dir))
  t.ok(all.every((file) => file.startsWith('content/') || file.startsWith('media/')), all.join(', '))
  t.ok(all.includes('content/issues/2024-02-29-etc-passwd.md'))
  t.ok(all.includes('media/evil.mp3'), 'the encoded slashes are slugged away')
})
