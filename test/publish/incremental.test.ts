import { appendFile, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t, { type Test } from 'tap'
import { changedPaths } from '../../src/content/changed-paths.ts'
import type { ContentReadings } from '../../src/content/content-files.ts'
import { createLoadCache } from '../../src/content/load-cache.ts'
import { loadPublication } from '../../src/content/load-publication.ts'
import { publish, type Published } from '../../src/publish/publish.ts'
import { copyPublication, type TestWithTeardown } from '../helpers.ts'

// Publishing after an edit must give exactly the bytes a cold publish of the same files gives,
// while rendering only what the edit touches. Each test edits a generated publication of a few
// archive pages and tags, then compares the two publishes file by file. Each publish after an
// edit is told which files the test changed, as a file watcher tells a live server, and reads only those.

const NOW = new Date('2030-01-01T00:00:00Z')
const TAGS = ['compost', 'Seeds', 'tools', 'Cómpost']

async function generatedPublication (t: TestWithTeardown, issues = 40) {
  const dirs = await copyPublication(t, 'minimal')
  await appendFile(path.join(dirs.contentDir, 'site.yaml'), 'feed_size: 5\n')
  for (let n = 1; n <= issues; n++) {
    const date = new Date(Date.UTC(2020, 0, 1) + n * 7 * 86_400_000).toISOString()
    const tags = [TAGS[n % 4]!, ...(n % 3 === 0 ? [TAGS[(n + 1) % 4]!] : [])]
    await writeFile(issuePath(dirs, n), `---\ntitle: Issue ${n}\ndate: ${date}\nsummary: Number ${n}.\ntags: ${JSON.stringify(tags)}\n---\nThe text of issue ${n}, with [a link](/issues/issue-${n - 1}/).\n`)
  }
  const cache = createLoadCache()
  const readings: ContentReadings = new Map()
  const rendered: string[] = []
  let previous: Published | undefined
  const publishAgain = async (...changed: string[]): Promise<Published> => {
    rendered.length = 0
    const { publication } = await loadPublication({ ...dirs, now: NOW, cache, readings, changed: previous === undefined ? undefined : changedPaths(changed) })
    previous = await publish(publication, { previous, modified: NOW, onRendered: (path) => rendered.push(path) })
    return previous
  }
  await publishAgain()
  return { dirs, publishAgain, rendered }
}

function issuePath (dirs: { contentDir: string }, n: number): string {
  return path.join(dirs.contentDir, 'issues', `issue-${n}.md`)
}

/** Compares an incremental publish with a cold one of the same files, path by path and byte by byte. */
async function assertSameAsCold (t: Test, dirs: { contentDir: string, mediaDir: string }, incremental: Published): Promise<void> {
  const cold = await publish((await loadPublication({ ...dirs, now: NOW })).publication, { modified: NOW })
  t.same([...incremental.files.keys()], [...cold.files.keys()], 'the same outputs, in the same order')
  const different = [...cold.files.values()].filter((file) => !incremental.files.get(file.path)?.representations.identity.body!.equals(file.representations.identity.body!)).map((file) => file.path)
  t.same(different, [], 'every output byte for byte as a cold publish')
  t.equal(incremental.version, cold.version)
}

t.test('an edited title is published exactly as a cold publish would, rendering only the outputs that show it', async (t) => {
  const { dirs, publishAgain, rendered } = await generatedPublication(t)
  const text = await readFile(issuePath(dirs, 7), 'utf8')
  await writeFile(issuePath(dirs, 7), text.replace('title: Issue 7', 'title: Issue seven'))
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 7)))
  t.ok(rendered.includes('/issues/issue-7/'), 'its page')
  t.ok(rendered.includes('/issues/issue-8/') && rendered.includes('/issues/issue-6/'), 'the pages of the issues before and after it, which name it')
  t.notOk(rendered.includes('/issues/issue-9/'), 'not the page of another issue')
  t.notOk(rendered.includes('/feed.xml'), 'not the main feed, which holds only the newest')
  t.ok(rendered.length < 20, `${rendered.length} outputs rendered: ${rendered.join(' ')}`)
})

t.test('an added, a deleted and a redated issue (moving between archive pages) give the bytes of a cold publish', async (t) => {
  const { dirs, publishAgain } = await generatedPublication(t)
  await writeFile(issuePath(dirs, 41), '---\ntitle: Issue 41\ndate: 2021-01-01T00:00:00Z\nsummary: New.\ntags: [tools]\n---\nNew.\n')
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 41)))
  await rm(issuePath(dirs, 12))
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 12)))
  const text = await readFile(issuePath(dirs, 3), 'utf8')
  await writeFile(issuePath(dirs, 3), text.replace(/date: .*/, 'date: 2020-07-01T00:00:00Z'))
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 3)))
})

t.test('a retag, a tag spelled anew and a renamed file give the bytes of a cold publish', async (t) => {
  const { dirs, publishAgain } = await generatedPublication(t)
  const text = await readFile(issuePath(dirs, 20), 'utf8')
  await writeFile(issuePath(dirs, 20), text.replace(/tags: .*/, 'tags: ["Seeds", "brand new"]'))
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 20)))
  const newest = await readFile(issuePath(dirs, 40), 'utf8')
  await writeFile(issuePath(dirs, 40), newest.replace(/tags: .*/, 'tags: ["COMPOST"]'))
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 40)))
  const renamed = path.join(dirs.contentDir, 'issues', 'renamed.md')
  await rename(issuePath(dirs, 33), renamed)
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 33), renamed))
})

t.test('a change to site.yaml or to an episode gives the bytes of a cold publish', async (t) => {
  const { dirs, publishAgain } = await generatedPublication(t)
  const site = path.join(dirs.contentDir, 'site.yaml')
  await writeFile(site, (await readFile(site, 'utf8')).replace(/^title: .*$/m, 'title: Renamed Weekly'))
  await assertSameAsCold(t, dirs, await publishAgain(site))
  await writeFile(site, (await readFile(site, 'utf8')).replace('feed_size: 5', 'feed_size: 7'))
  await assertSameAsCold(t, dirs, await publishAgain(site))
  // The bonus episode has no issue: its item names the site's authors, though nothing in the episode changes.
  await writeFile(site, (await readFile(site, 'utf8')).replace('name: Ada Example', 'name: Ada Renamed'))
  const renamed = await publishAgain(site)
  await assertSameAsCold(t, dirs, renamed)
  const bonusItem = /<item>(?:(?!<\/item>)[\s\S])*Listener questions[\s\S]*?<\/item>/.exec(renamed.files.get('/podcast.xml')!.representations.identity.body!.toString())?.[0]
  t.match(bonusItem, '<itunes:author>Ada Renamed</itunes:author>', 'an episode without an issue names the site\'s authors as they are now')
  // Unpublished on purpose: the episode and its line in published.lock go together.
  const bonus = path.join(dirs.contentDir, 'episodes', 'bonus.md')
  await rm(bonus)
  const lock = path.join(dirs.contentDir, 'published.lock')
  await writeFile(lock, (await readFile(lock, 'utf8')).split('\n').filter((line) => !line.includes('\tbonus.md\t')).join('\n'))
  await assertSameAsCold(t, dirs, await publishAgain(bonus, lock))
})

t.test('an episode follows its issue, its own file and its media files: each change gives the bytes of a cold publish', async (t) => {
  const { dirs, publishAgain } = await generatedPublication(t)
  const text = (published: Published, path: string): string => published.files.get(path)!.representations.identity.body!.toString()
  const edit = async (file: string, from: string, to: string): Promise<Published> => {
    const before = await readFile(file, 'utf8')
    t.ok(before.includes(from), `${path.basename(file)} has ${from}`)
    await writeFile(file, before.replace(from, to))
    const published = await publishAgain(file)
    await assertSameAsCold(t, dirs, published)
    return published
  }
  // Episodes not named by an edit are taken as the last publish made them: each of these names
  // only a file the episode is made of, never the episode's own, except the one that edits it.
  let published = await edit(path.join(dirs.contentDir, 'episodes', 'first-episode.md'), 'episode: 1', 'episode: 3')
  t.match(text(published, '/podcast.xml'), '<itunes:episode>3</itunes:episode>')
  published = await edit(path.join(dirs.contentDir, 'issues', 'first.md'), 'Welcome to **Minimal Weekly**.', 'Welcome back to **Minimal Weekly**.')
  t.match(text(published, '/podcast.xml'), 'Welcome back to &lt;strong&gt;Minimal Weekly', 'show notes from the issue as it is now')
  published = await edit(path.join(dirs.contentDir, 'issues', 'first.md'), 'title: The first issue', 'title: The first issue, retitled')
  t.match(text(published, '/podcast.xml'), '<title>The first issue, retitled</title>', 'the title of the issue as it is now')
  published = await edit(path.join(dirs.contentDir, 'issues', 'first.md'), 'tags: [testing, feeds]', 'tags: [testing, feeds]\nauthors: [Grace Guest]')
  t.match(text(published, '/podcast.xml'), '<itunes:author>Grace Guest</itunes:author>', 'the authors of the issue as it is now')
  published = await edit(path.join(dirs.mediaDir, 'first.chapters.json'), '"Middle"', '"The middle part"')
  t.match(text(published, '/episodes/first-episode/'), 'The middle part', 'chapters as the file has them now')
  published = await edit(path.join(dirs.mediaDir, 'first.vtt'), 'That is all for today.', 'That is all for this week.')
  t.match(text(published, '/episodes/first-episode/'), 'That is all for this week.', 'the transcript as the file has it now')
})

t.test('the version of a large publication after an edit, hashed in part from the version before, is that of a cold publish', async (t) => {
  // Enough outputs that the list is hashed in several runs (see versionOfFiles): an edit of an old
  // issue's text changes its page and the few documents that hold it, and leaves the other runs as
  // they were, whose digests are kept.
  const { dirs, publishAgain } = await generatedPublication(t, 400)
  const before = await publishAgain()
  t.ok(before.files.size > 600, `${before.files.size} outputs`)
  await writeFile(issuePath(dirs, 30), (await readFile(issuePath(dirs, 30), 'utf8')).replace('The text of issue 30', 'The edited text of issue 30'))
  const edited = await publishAgain(issuePath(dirs, 30))
  t.not(edited.version, before.version)
  await assertSameAsCold(t, dirs, edited)
})

t.test('publishing unchanged files again renders nothing and keeps every file as it was', async (t) => {
  const { publishAgain, rendered } = await generatedPublication(t)
  const before = await publishAgain()
  const again = await publishAgain()
  t.same(rendered, [])
  for (const [path, file] of before.files) t.equal(again.files.get(path), file, path)
})

t.test('a publish told what changed reads only that: a file changed but not named is published as last read until it is named', async (t) => {
  const { dirs, publishAgain } = await generatedPublication(t)
  const retitle = async (n: number, title: string): Promise<void> => {
    await writeFile(issuePath(dirs, n), (await readFile(issuePath(dirs, n), 'utf8')).replace(`title: Issue ${n}`, `title: ${title}`))
  }
  const page = (published: Published, n: number): string => published.files.get(`/issues/issue-${n}/`)!.representations.identity.body!.toString()
  await retitle(5, 'Issue five')
  await retitle(6, 'Issue six')
  const partly = await publishAgain(issuePath(dirs, 6))
  t.match(page(partly, 6), '<h1>Issue six</h1>')
  t.match(page(partly, 5), '<h1>Issue 5</h1>', 'not read again: as the last publish read it')
  await assertSameAsCold(t, dirs, await publishAgain(issuePath(dirs, 5)))
})
