import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { errorsOf, hostilePublication, issueFile, unclearLines } from './hostile-publication.ts'

// Three levels of ten: 1,000 strings from a few lines; a few more levels would be billions.
const ALIAS_BOMB = [
  'a: &a [x, x, x, x, x, x, x, x, x, x]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]'
].join('\n')

t.test('refuses a YAML alias bomb in an issue, naming the file', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/bomb.md': `---\n${ALIAS_BOMB}\ntitle: x\n---\nbody\n` })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues\/bomb\.md$/, message: /aliases/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses a YAML alias bomb in an episode, naming the file', async (t) => {
  const dirs = await hostilePublication(t, { 'content/episodes/bomb.md': `---\n${ALIAS_BOMB}\n---\n` })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/episodes\/bomb\.md$/, message: /aliases/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses a YAML alias bomb in site.yaml, and still checks every issue', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/no-title.md': '---\ndate: 2024-02-01T09:00:00Z\nsummary: s\n---\n' })
  const site = path.join(dirs.contentDir, 'site.yaml')
  await writeFile(site, `${await readFile(site, 'utf8')}\n${ALIAS_BOMB.replace(/^([abcd]):/gm, 'x_$1:')}\n`)
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/site\.yaml$/, message: /aliases/ }, { file: /no-title\.md$/, field: 'title' }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('accepts the few aliases a person writes on purpose', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/aliases.md': issueFile({ tags: '&names [Ada Example, Bo]', authors: '*names' }) })
  t.same(await errorsOf(dirs), [])
})

t.test('refuses YAML nested thousands of levels deep quickly, with one problem', async (t) => {
  const deep = `${'['.repeat(10000)}${']'.repeat(10000)}`
  const dirs = await hostilePublication(t, { 'content/issues/deep.md': issueFile({ tags: deep }) })
  const started = Date.now()
  const errors = await errorsOf(dirs)
  t.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`)
  t.match(errors, [{ file: /deep\.md$/, message: /nested/ }])
  t.equal(errors.length, 1, 'one problem, not one per bracket')
  t.same(unclearLines(errors, dirs), [])
})

t.test('reports at most a few YAML syntax errors per file, and says how many more there are', async (t) => {
  const dirs = await hostilePublication(t, { 'content/episodes/broken.md': `---\n${'\tbad: 1\n'.repeat(500)}---\n` })
  const errors = await errorsOf(dirs)
  t.ok(errors.length <= 6, `${errors.length} problems`)
  t.match(errors.at(-1), { file: /broken\.md$/, message: /more YAML errors/ })
  t.same(unclearLines(errors, dirs), [])
})

t.test('a __proto__ key is an unknown field, not a way to set others', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/proto.md': '---\ntitle: t\ndate: 2024-02-01T09:00:00Z\nsummary: s\n__proto__: { draft: true }\n---\n' })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /proto\.md$/, field: '__proto__', message: /not a known field/ }])
})

t.test('refuses front matter larger than the YAML limit before parsing it', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/huge.md': issueFile({ tags: `[${'a, '.repeat(20000)}]` }) })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /huge\.md$/, message: /KiB of YAML; at most 32 KiB/ }])
})
