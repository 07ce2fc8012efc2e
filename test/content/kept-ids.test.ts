import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import t from 'tap'
import { loadPublication } from '../../src/content/load-publication.ts'
import { ContentError } from '../../src/errors.ts'
import { renderAtom } from '../../src/render/atom.ts'
import { renderJsonFeed } from '../../src/render/json-feed.ts'
import { renderRss } from '../../src/render/rss.ts'
import { copyPublication, type TestWithTeardown } from '../helpers.ts'

// The ids a blog on another host gave its posts: a bare number and a WordPress query URL.
async function withIds (t: TestWithTeardown, ids: { first?: string, second?: string }): Promise<{ contentDir: string, mediaDir: string }> {
  const dirs = await copyPublication(t, 'minimal')
  for (const [name, id] of Object.entries(ids)) {
    const file = path.join(dirs.contentDir, 'issues', `${name}.md`)
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace('---\n', `---\nid: ${JSON.stringify(id)}\n`))
  }
  return dirs
}

t.test('an issue keeps its imported id exactly in RSS and JSON Feed, and Atom gets an IRI', async (t) => {
  const { publication } = await loadPublication(await withIds(t, { first: '12345', second: 'https://old.example.com/?p=12' }))
  const rss = parseRssFeed(renderRss(publication))
  const json = parseJsonFeed(JSON.parse(renderJsonFeed(publication)))
  const atom = parseAtomFeed(renderAtom(publication))
  const byTitle = (title: string) => ({
    rss: rss.items?.find((item) => item.title === title)?.guid?.value,
    json: json.items?.find((item) => item.title === title)?.id,
    atom: atom.entries?.find((entry) => entry.title?.value === title)?.id
  })
  const first = byTitle('The first issue')
  t.equal(first.rss, '12345')
  t.equal(first.json, '12345')
  t.match(first.atom, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a bare number is not an IRI, so Atom carries a UUIDv5 of it')
  const second = byTitle('The second issue')
  t.same(second, { rss: 'https://old.example.com/?p=12', json: 'https://old.example.com/?p=12', atom: 'https://old.example.com/?p=12' }, 'an absolute IRI is kept everywhere')
})

t.test('the Atom id made for a non-IRI id stays the same from build to build', async (t) => {
  const dirs = await withIds(t, { first: '12345' })
  const atomIdOf = async () => parseAtomFeed(renderAtom((await loadPublication(dirs)).publication)).entries?.find((entry) => entry.title?.value === 'The first issue')?.id
  const once = await atomIdOf()
  t.equal(await atomIdOf(), once)
  t.not(once, parseAtomFeed(renderAtom((await loadPublication(await withIds(t, { first: '12346' }))).publication)).entries?.find((entry) => entry.title?.value === 'The first issue')?.id, 'another id gives another Atom id')
})

t.test('two issues with one id are refused, naming both files', async (t) => {
  const dirs = await withIds(t, { first: '7', second: '7' })
  const error = await loadPublication(dirs).then(() => undefined, (caught: unknown) => caught)
  t.ok(error instanceof ContentError)
  const problems = (error as ContentError).problems.filter((problem) => problem.field === 'id')
  t.equal(problems.length, 1)
  t.match(problems[0]!.file, /second\.md$/)
  t.match(problems[0]!.message, /"7" is already the id of .*first\.md/)
})
