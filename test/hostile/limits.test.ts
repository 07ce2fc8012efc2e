import t from 'tap'
import { formatProblem } from '../../src/errors.ts'
import { LIMITS } from '../../src/content/limits.ts'
import { attemptLoad, editSite, episodeFile, errorsOf, hostilePublication, issueFile, unclearLines } from './hostile-publication.ts'

const list = (count: number, item: (index: number) => string) => `[${Array.from({ length: count }, (_, index) => item(index)).join(', ')}]`

t.test('refuses 2,000 tags on one issue at once, instead of building for a minute', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/tags.md': issueFile({ tags: list(2000, (index) => `tag-${index}`) }) })
  const started = Date.now()
  const errors = await errorsOf(dirs)
  t.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`)
  t.match(errors, [{ file: /tags\.md$/, field: 'tags', message: `has too many items: at most ${LIMITS.listItems} are allowed` }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('publishes an issue with as many tags as allowed', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/tags.md': issueFile({ tags: list(LIMITS.listItems, (index) => `tag-${index}`) }) })
  const { loaded, errors } = await attemptLoad(dirs)
  t.same(errors, [])
  t.equal(loaded!.publication.issues.find((issue) => issue.slug === 'tags')!.tags.length, LIMITS.listItems)
})

t.test('echoes a short excerpt of a wrongly typed value, never the whole of it', async (t) => {
  const dirs = await hostilePublication(t, {
    'content/issues/list-title.md': issueFile({ title: list(100, () => `"${'x'.repeat(250)}"`) }),
    'content/issues/huge-list-title.md': issueFile({ title: list(5000, () => `"${'x'.repeat(300)}"`) })
  })
  const errors = await errorsOf(dirs)
  t.match(errors, [
    { file: /huge-list-title\.md$/, message: 'is 1485 KiB; at most 256 KiB are allowed' },
    { file: /list-title\.md$/, field: 'title', message: /… \(a list of 100 items\) is not non-empty text$/ }
  ])
  t.ok(errors.every((problem) => formatProblem(problem).length < 300), 'every line is short')
})

t.test('refuses a title, a summary and a URL longer than their limits, saying how long they may be', async (t) => {
  const dirs = await hostilePublication(t, {
    'content/issues/long.md': issueFile({ title: 'T'.repeat(LIMITS.textCharacters + 1), summary: 'S'.repeat(LIMITS.longTextCharacters + 1) }),
    'content/episodes/long.md': episodeFile({ youtube: `https://www.youtube.com/watch?v=${'v'.repeat(LIMITS.urlCharacters)}` })
  })
  const errors = await errorsOf(dirs)
  t.match(errors, [
    { file: /issues\/long\.md$/, field: 'title', message: `(${LIMITS.textCharacters + 1} characters) is too long: at most ${LIMITS.textCharacters} characters are allowed` },
    { file: /issues\/long\.md$/, field: 'summary', message: `is too long: at most ${LIMITS.longTextCharacters} characters` },
    { file: /episodes\/long\.md$/, field: 'youtube', message: `is too long: at most ${LIMITS.urlCharacters} characters` }
  ])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses more authors, hubs or pings in site.yaml than allowed', async (t) => {
  const dirs = await hostilePublication(t)
  await editSite(dirs, {
    authors: list(LIMITS.listItems + 1, (index) => `{ name: Author ${index} }`),
    hubs: list(LIMITS.listItems + 1, (index) => `"https://hub${index}.example.org/"`)
  })
  const errors = await errorsOf(dirs)
  t.same(errors.map((problem) => problem.field).sort(), ['authors', 'hubs'])
  t.same(unclearLines(errors, dirs), [])
})

t.test('names a few known issues, not all of them, when an episode names an unknown one', async (t) => {
  const issues = Object.fromEntries(Array.from({ length: 200 }, (_, index) => [`content/issues/issue-number-${index}.md`, issueFile()]))
  const dirs = await hostilePublication(t, { ...issues, 'content/episodes/orphan.md': episodeFile({ issue: 'no-such-issue' }) })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /orphan\.md$/, field: 'issue', message: /"no-such-issue" is not the slug of any issue/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses numbers too large to write as digits, which feeds would print as 1e+30', async (t) => {
  const dirs = await hostilePublication(t, {
    'content/episodes/huge-numbers.md': episodeFile({ season: '1e30', audio: '{ url: "https://cdn.example.org/a.mp3", length: 1e30, type: audio/mpeg, duration: 1e300 }' })
  })
  const errors = await errorsOf(dirs)
  t.same(errors.map((problem) => problem.field).sort(), ['audio.duration', 'audio.length', 'season'], 'each number too large is named')
  t.match(errors.find((problem) => problem.field === 'season'), { message: '1e+30 is too large: at most 9007199254740991' })
  t.same(unclearLines(errors, dirs), [])
})
