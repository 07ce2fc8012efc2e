import path from 'node:path'
import t from 'tap'
import { copyPublication } from '../helpers.ts'
import { errorsOf, issueText, loadOrProblems, problemLines, removeContent, writeContent } from '../publication-files.ts'

const episode = (issue: string): string => `---\nissue: ${issue}\naudio: tone.mp3\n---\n`

t.test('an episode of an issue that failed to load gets no knock-on error, and nothing-to-publish is not added', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await removeContent(dirs, 'issues')
  // A new set of episodes, so the record of the fixture's published ones goes too.
  await removeContent(dirs, 'episodes')
  await removeContent(dirs, 'published.lock')
  await writeContent(dirs, 'issues/2024-01-01-bad-date.md', issueText({ title: 'Bad date', date: '2024-02-30T09:00:00Z' }))
  await writeContent(dirs, 'issues/bad-yaml.md', '---\ntitle: "Bad" yaml\ndate: 2024-01-01T09:00:00Z\n---\nText.\n')
  await writeContent(dirs, 'issues/own-slug.md', issueText({ title: 'Own slug', date: 'never', slug: 'chosen' }))
  await writeContent(dirs, 'episodes/a.md', episode('bad-date'))
  await writeContent(dirs, 'episodes/b.md', episode('bad-yaml'))
  await writeContent(dirs, 'episodes/c.md', episode('chosen'))
  const { problems } = await loadOrProblems(dirs)
  t.same(errorsOf(problems).map((problem) => `${path.basename(problem.file)} ${problem.field ?? '-'}`).sort(), [
    '2024-01-01-bad-date.md date',
    'bad-yaml.md -',
    'own-slug.md date'
  ], 'only the broken issues are reported')
})

t.test('an unknown issue slug names the three nearest slugs, not all of them', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  // A new set of episodes, so the record of the fixture's published ones goes too.
  await removeContent(dirs, 'episodes')
  await removeContent(dirs, 'published.lock')
  for (let index = 0; index < 1000; index++) {
    await writeContent(dirs, `issues/issue-${String(index).padStart(4, '0')}.md`, issueText({ title: `Issue ${index}`, date: '2024-01-01T09:00:00Z', summary: 'S.' }, ''))
  }
  await writeContent(dirs, 'episodes/typo.md', episode('isue-0500'))
  const { problems } = await loadOrProblems(dirs)
  const lines = problemLines(errorsOf(problems), dirs.contentDir)
  t.same(lines, ['episodes/typo.md: error: issue: "isue-0500" is not the slug of any issue under issues/; the nearest are: issue-0500, issue-0000, issue-0100'])
})

t.test('a misspelt field is named with the field that was meant', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'episodes/first-episode.md', '---\nissue: first\naudio: tone.mp3\nexplict: false\n---\n')
  await writeContent(dirs, 'issues/second.md', issueText({ title: 'Second', date: '2024-01-12T09:00:00Z', sumary: 'Typo.' }))
  await writeContent(dirs, 'issues/third.md', issueText({ title: 'Third', date: '2024-01-12T09:00:00Z', colour: 'red' }))
  const { problems } = await loadOrProblems(dirs)
  t.same(problemLines(errorsOf(problems), dirs.contentDir).sort(), [
    'episodes/first-episode.md: error: explict: is not a known field; did you mean `explicit`?',
    'issues/second.md: error: sumary: is not a known field; did you mean `summary`?',
    'issues/third.md: error: colour: is not a known field; the fields here are: title, date, summary, tags, authors, updated, draft, slug, id'
  ])
})

t.test('common YAML mistakes get a hint that says what to type', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const cases: Record<string, string> = {
    colon: 'title: Bonus: a walk',
    tab: 'title: Tab\n\tsummary: x',
    at: 'title: @handle says hi',
    backtick: 'title: `code` talk',
    quote: 'title: "Bad" issue',
    star: 'title: *bold* news',
    bracket: 'title: [draft] news',
    duplicate: 'title: One\ntitle: Two',
    unclosed: 'title: "open\nsummary: x'
  }
  for (const [name, yaml] of Object.entries(cases)) await writeContent(dirs, `issues/${name}.md`, `---\n${yaml}\ndate: 2024-01-12T09:00:00Z\n---\nText.\n`)
  const { problems } = await loadOrProblems(dirs)
  const message = (name: string): string => problems.find((problem) => problem.file.endsWith(`issues/${name}.md`))?.message ?? ''
  t.match(message('colon'), 'a value containing ": " must be quoted, or YAML reads a second field: title: "Bonus: a walk"')
  t.match(message('tab'), 'indent with spaces: YAML does not allow tabs')
  t.match(message('at'), 'a value starting with @ must be quoted: title: "@handle says hi"')
  t.match(message('backtick'), 'a value starting with ` must be quoted: title: "`code` talk"')
  t.match(message('quote'), 'quote the whole value: title: \'"Bad" issue\'')
  t.match(message('star'), 'quote the whole value: title: "*bold* news"')
  t.match(message('bracket'), 'quote the whole value: title: "[draft] news"')
  t.match(message('duplicate'), 'the same field is written twice: keep one of them')
  t.match(message('unclosed'), 'a quoted value must end with the same quote')
  for (const problem of problems) t.notMatch(problem.message, /\n|\bat .*\.js:\d+/, 'one line, no stack trace')
})

t.test('a value cut short by # is pointed out', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/hash.md', '---\ntitle: Episode #4 is here\ndate: 2024-01-12T09:00:00Z  # an ordinary comment\n---\nText.\n')
  const { loaded, problems } = await loadOrProblems(dirs)
  t.equal(loaded!.publication.issues.find((issue) => issue.slug === 'hash')?.title, 'Episode', 'YAML did read it so')
  t.same(problemLines(problems.filter((problem) => problem.file.endsWith('hash.md')), dirs.contentDir), [
    'issues/hash.md: warning: title: "#4 is here" was read as a YAML comment, so the value is "Episode"; to keep the #, quote the whole value: title: "Episode #4 is here"'
  ], 'the ordinary comment after the date is not reported')
})

t.test('a value starting with & or ! that YAML silently took as an anchor or a tag is pointed out', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/anchor.md', '---\ntitle: &co news\nsummary: !important update\ndate: 2024-01-12T09:00:00Z\n---\nText.\n')
  const { problems } = await loadOrProblems(dirs)
  t.same(problemLines(problems.filter((problem) => problem.file.endsWith('anchor.md')), dirs.contentDir), [
    'issues/anchor.md: warning: title: "&co" was read as a YAML anchor, so the value is "news"; to keep it, quote the whole value: title: "&co news"',
    'issues/anchor.md: warning: summary: "!important" was read as a YAML tag, so the value is "update"; to keep it, quote the whole value: summary: "!important update"'
  ])
})
