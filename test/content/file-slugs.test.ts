import t from 'tap'
import { fileNameSlug } from '../../src/model/slug.ts'
import { tagSlug } from '../../src/model/tags.ts'
import { copyPublication } from '../helpers.ts'
import { errorsOf, issueText, loadOrProblems, problemLines, writeContent } from '../publication-files.ts'

const issue = (title: string): string => issueText({ title, date: '2024-02-01T09:00:00Z', summary: 'A summary.' })

t.test('file names and tags make slugs by one rule', async (t) => {
  t.equal(fileNameSlug('h Ünïcode file name'), 'h-unicode-file-name')
  t.equal(fileNameSlug('2024-02-01-Ünïcode Day'), 'unicode-day', 'a leading date is dropped')
  t.equal(fileNameSlug('Künstliche Intelligenz'), tagSlug('Künstliche Intelligenz'))
  t.equal(fileNameSlug('..'), '')
  t.equal(fileNameSlug('.'), '')
  t.equal(fileNameSlug('機械学習'), '機械学習', 'letters of other scripts stay')
})

t.test('an issue file named with spaces and accents is published under its slug', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/h Ünïcode file name.md', issue('Spaces and accents'))
  await writeContent(dirs, 'issues/2024-02-02-Café Crème.md', issue('Dated'))
  const { loaded, problems } = await loadOrProblems(dirs)
  t.same(problems.filter((problem) => problem.severity === 'error'), [])
  const bySlug = new Map(loaded!.publication.issues.map((one) => [one.slug, one]))
  t.equal(bySlug.get('h-unicode-file-name')?.title, 'Spaces and accents')
  t.equal(bySlug.get('h-unicode-file-name')?.url, 'https://example.test/issues/h-unicode-file-name/')
  t.equal(bySlug.get('cafe-creme')?.title, 'Dated')
})

t.test('refuses issue and episode files whose name has no letters or digits', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/....md', issue('Dots'))
  await writeContent(dirs, 'episodes/..md', '---\ntitle: Dots\ndate: 2024-01-09T09:00:00Z\nsummary: Dots.\naudio: tone.mp3\n---\n')
  await writeContent(dirs, 'episodes/...md', '---\ntitle: More dots\ndate: 2024-01-09T09:00:00Z\nsummary: Dots.\naudio: tone.mp3\n---\n')
  const { loaded, problems } = await loadOrProblems(dirs)
  t.equal(loaded, undefined, 'nothing is published')
  t.same(problemLines(errorsOf(problems), dirs.contentDir).sort(), [
    'episodes/...md: error: -: the file name "...md" has no letters or digits to make a URL slug from; rename the file (for example 2024-01-05-first-frost.md)',
    'episodes/..md: error: -: the file name "..md" has no letters or digits to make a URL slug from; rename the file (for example 2024-01-05-first-frost.md)',
    'issues/....md: error: -: the file name "....md" has no letters or digits to make a URL slug from; rename the file (for example 2024-01-05-first-frost.md)'
  ])
})

t.test('two issue files that give one slug are reported with both file names', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/Café.md', issue('One'))
  await writeContent(dirs, 'issues/2024-03-01-cafe.md', issue('Two'))
  const { problems } = await loadOrProblems(dirs)
  const lines = problemLines(errorsOf(problems), dirs.contentDir)
  t.equal(lines.length, 1)
  t.match(lines[0], /"cafe" is the slug of both .*issues\/2024-03-01-cafe\.md and .*issues\/Café\.md; every issue needs its own/)
})

t.test('an episode page is named by the slug of its file name, and two episode files with one slug are refused', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'episodes/Bonus Ünïcode.md', '---\ntitle: Accents\ndate: 2024-01-09T09:00:00Z\nsummary: S.\naudio: tone.mp3\n---\n')
  const { loaded } = await loadOrProblems(dirs)
  t.equal(loaded!.publication.episodes.find((episode) => episode.title === 'Accents')?.url, 'https://example.test/episodes/bonus-unicode/')

  await writeContent(dirs, 'episodes/bonus unicode.md', '---\ntitle: Same slug\ndate: 2024-01-10T09:00:00Z\nsummary: S.\naudio: tone.mp3\n---\n')
  const { problems } = await loadOrProblems(dirs)
  t.match(problemLines(errorsOf(problems), dirs.contentDir), [/the file names of .*episodes\/Bonus Ünïcode\.md and .*episodes\/bonus unicode\.md give the same slug "bonus-unicode"; rename one of them/])
})
