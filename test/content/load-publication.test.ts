import { appendFile, readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { parse } from 'yaml'
import { createLoadCache } from '../../src/content/load-cache.ts'
import { loadPublication } from '../../src/content/load-publication.ts'
import { copyPublication, loadFixture, problemsOf, publicationDirs } from '../helpers.ts'

t.test('loads the sample publication from its files', async (t) => {
  const { publication, warnings } = await loadFixture('sample')
  t.same(warnings, [])
  const front = parse((await readFile(path.join(publicationDirs('sample').contentDir, 'issues', '2023-01-27-was-chatgpt-a-good-idea.md'), 'utf8')).split('---')[1]!)
  const [issue] = publication.issues
  t.equal(issue!.title, front.title)
  t.equal(issue!.summary, front.summary)
  t.same(issue!.tags, front.tags)
  t.equal(issue!.episode?.season, 1)
  t.equal(issue!.episode?.episode, 4)
  t.equal(publication.episodes[0], issue!.episode, 'the issue and the podcast share one episode')
  t.ok(Object.isFrozen(publication) && Object.isFrozen(publication.issues[0]), 'the model is frozen')
})

t.test('reports every problem of a broken publication at once, each with file and field', async (t) => {
  const problems = await problemsOf('broken')
  const found = problems.filter((problem) => problem.severity === 'error').map((problem) => `${path.basename(problem.file)} ${problem.field ?? '-'}`).sort()
  // One line per row of test/fixtures/broken/EXPECTED.md; the duplicate is reported on its second file.
  t.same(found, [
    'bad-date.md date',
    'bad-yaml.md -',
    'dup-b.md slug',
    'dup-guid-b.md guid',
    'escape.md audio',
    'http-links.md youtube',
    'missing-audio.md audio',
    'no-title.md title',
    'no-zone.md date',
    'orphan.md issue',
    'site.yaml artwork',
    'site.yaml category'
  ].sort())
})

t.test('says what is wrong in words a publisher can act on', async (t) => {
  const problems = await problemsOf('broken')
  const message = (file: string, field?: string) => problems.find((problem) => path.basename(problem.file) === file && problem.field === field)?.message
  t.match(message('site.yaml', 'category'), /"Technologie" is not an Apple Podcasts category \(did you mean "Technology"\?\)/)
  t.match(message('site.yaml', 'artwork'), /600x400 px; Apple Podcasts needs square artwork/)
  t.match(message('bad-date.md', 'date'), /"2023-02-30T10:00:00Z" is not a real date/)
  t.match(message('no-zone.md', 'date'), /has no time zone/)
  t.match(message('no-title.md', 'title'), /is required/)
  t.match(message('escape.md', 'audio'), /outside media\//)
  t.match(message('missing-audio.md', 'audio'), /"nope.mp3" not found under media\//)
  t.match(message('http-links.md', 'youtube'), /is not an absolute https:\/\/ URL/)
  t.match(message('orphan.md', 'issue'), /"does-not-exist" is not the slug of any issue/)
  t.match(message('dup-b.md', 'slug'), /"duplicate" is the slug of both .*dup-a\.md and .*dup-b\.md/)
  t.match(message('dup-guid-b.md', 'guid'), /already the GUID of .*dup-guid-a\.md/)
  t.match(message('bad-yaml.md'), /malformed YAML/)
})

t.test('gives the line of the field or of the YAML error', async (t) => {
  const problems = await problemsOf('broken')
  const line = (file: string) => problems.find((problem) => path.basename(problem.file) === file)?.line
  t.equal(line('bad-yaml.md'), 2)
  t.equal(line('bad-date.md'), 3)
  t.equal(line('http-links.md'), 5)
})

t.test('refuses an audio symlink that points outside media/', async (t) => {
  const problems = await problemsOf('symlink-escape')
  t.match(problems.filter((problem) => problem.severity === 'error'), [{ field: 'audio', message: /"link.mp3" is outside media\// }])
})

t.test('publishes with warnings only, and says what is left out', async (t) => {
  const { publication, warnings } = await loadFixture('warnings-only')
  t.equal(publication.episodes[0]!.audio.durationSeconds, undefined)
  t.match(warnings, [{ field: 'podcast_guid', severity: 'warning' }, { field: 'audio', severity: 'warning', message: /has no duration/ }])
})

t.test('leaves drafts out of the model', async (t) => {
  const { publication } = await loadFixture('hostile')
  t.notMatch(JSON.stringify(publication), 'DRAFT-SECRET')
  t.equal(publication.issues.length, 3)
})

t.test('sanitizes issue HTML and makes its links absolute', async (t) => {
  const { publication } = await loadFixture('hostile')
  const html = publication.issues.find((issue) => issue.slug === 'nasty')!.html
  t.notMatch(html, /<script|onerror|onclick|javascript:|<iframe/i)
  t.match(html, 'href="https://example.test/issues/first"')
  t.match(html, 'href="https://example.test/notes/today.html"')
  t.match(html, 'src="https://example.test/media/chart.png"')
  t.match(html, ']]&gt;', 'a CDATA terminator in text stays text')
})

t.test('keeps Unicode intact and takes the slug from the front matter', async (t) => {
  const { publication } = await loadFixture('hostile')
  const issue = publication.issues.find((candidate) => candidate.slug === 'unicode-ok')!
  t.equal(issue.title, 'Ünïcödé — 日本語 • العربية • emoji 🎧👩🏽‍💻')
  t.same(issue.tags, ['Künstliche Intelligenz', '機械学習'])
  t.same(issue.authors, [{ name: 'Zoë Ça' }])
  t.equal(issue.url, 'https://example.test/issues/unicode-ok/')
})

t.test('a base URL given at run time replaces the one in site.yaml everywhere', async (t) => {
  const { publication } = await loadFixture('minimal', 'http://localhost:3000')
  t.equal(publication.site.url, 'http://localhost:3000/')
  t.equal(publication.feedUrls.podcast, 'http://localhost:3000/podcast.xml')
  t.equal(publication.episodes[0]!.audio.url, 'http://localhost:3000/media/tone.mp3')
  t.notMatch(JSON.stringify(publication), 'https://example.test/media', 'no media URL keeps the old address')
})

t.test('a second load of unchanged files gives the very same issues and episodes, and a changed episode a new one', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const cache = createLoadCache()
  const load = async () => (await loadPublication({ ...dirs, cache })).publication
  const first = await load()
  const second = await load()
  t.ok(first.episodes.length > 0 && first.issues.some((issue) => issue.episode !== undefined), 'the fixture has issues with episodes')
  first.issues.forEach((issue, index) => t.equal(second.issues[index], issue, `issue ${issue.slug}`))
  first.episodes.forEach((episode, index) => t.equal(second.episodes[index], episode, `episode ${episode.slug}`))

  // The episode of the issue `first`: new show notes.
  await appendFile(path.join(dirs.contentDir, 'episodes', 'first-episode.md'), '\nMore show notes.\n')
  const third = await load()
  const changed = third.episodes.find((episode) => episode.slug === 'first-episode')!
  t.match(changed.showNotesHtml, 'More show notes')
  t.notOk(second.episodes.includes(changed), 'the edited episode is a new object')
  const itsIssue = third.issues.find((issue) => issue.slug === 'first')!
  t.equal(itsIssue.episode, changed)
  t.not(second.issues.find((issue) => issue.slug === 'first'), itsIssue, 'and so is its issue')
  t.equal(third.episodes.find((episode) => episode.slug === 'bonus'), second.episodes.find((episode) => episode.slug === 'bonus'), 'the other episode stays the same')
  t.equal(third.issues.find((issue) => issue.episode === undefined), second.issues.find((issue) => issue.episode === undefined), 'an issue without an episode stays the same')
})
