import t from 'tap'
import { publish } from '../../src/publish/publish.ts'
import { parseXml, textOf } from '../helpers.ts'
import { attemptLoad, editSite, episodeFile, errorsOf, hostilePublication, issueFile, unclearLines } from './hostile-publication.ts'

// XML 1.0 §2.2: the characters no XML document may hold, and no HTML page should.
function isForbidden (code: number): boolean {
  return (code < 0x20 && code !== 0x9 && code !== 0xa && code !== 0xd) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff || code > 0x10ffff
}

/** Every forbidden character, raw or written as a numeric character reference, in a text. */
function forbiddenIn (text: string): string[] {
  const raw = [...text].filter((character) => isForbidden(character.codePointAt(0)!)).map((character) => `U+${character.codePointAt(0)!.toString(16)}`)
  const references = [...text.matchAll(/&#(x[0-9a-f]+|[0-9]+);?/gi)]
    .filter(([, number]) => isForbidden(number!.startsWith('x') || number!.startsWith('X') ? parseInt(number!.slice(1), 16) : Number(number)))
    .map(([reference]) => reference)
  return [...raw, ...references]
}

// Written with YAML escapes in the front matter, and raw and as references in the body.
const CONTROL_BODY = 'Before \u0001 after; &#x1; &#1; &#0; &#xFFFE; &#xD800; &#x1F;.\n\n<a href="https://example.test/x" title="t&#x2;t">link</a> <abbr title="&#x8;">a</abbr>\n'

t.test('every output, HTML pages and JSON Feed included, is free of control characters and references to them', async (t) => {
  const dirs = await hostilePublication(t, {
    'content/issues/control.md': issueFile({ title: '"Con\\x01trol \\x1b[31mred"', summary: '"Sum\\x7fmary \\x02"', tags: '["ta\\x03g"]' }, CONTROL_BODY),
    'content/episodes/control.md': episodeFile({ title: '"Epi\\x01sode"', guid: '"guid-\\x01-1"' }, CONTROL_BODY)
  })
  const { loaded, errors } = await attemptLoad(dirs)
  t.same(errors, [])
  const published = await publish(loaded!.publication)
  // Text outputs only: icons are PNG bytes, not text.
  const text = [...published.files.values()].filter((file) => !file.type.startsWith('image/'))
  const dirty = text.flatMap((file) => forbiddenIn(file.representations.identity.body!.toString('utf8')).map((found) => `${file.path}: ${found}`))
  t.same(dirty, [])
})

t.test('the HTML of an issue is the same in RSS, Atom, JSON Feed and its page', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/control.md': issueFile({}, CONTROL_BODY) })
  const published = await publish((await attemptLoad(dirs)).loaded!.publication)
  const body = (path: string) => published.files.get(path)!.representations.identity.body!.toString('utf8')
  const json = JSON.parse(body('/feed.json')).items.find((item: { url: string }) => item.url.endsWith('/issues/control/')).content_html
  const rss = (await parseXml(body('/feed.xml'))).rss.channel[0].item.find((item: { link: string[] }) => item.link[0]!.endsWith('/issues/control/'))
  const atom = (await parseXml(body('/atom.xml'))).feed.entry.find((entry: { id: string[], link: Array<{ $: { href: string } }> }) => entry.link[0]!.$.href.endsWith('/issues/control/'))
  t.equal(rss['content:encoded'][0], json)
  t.equal(textOf(atom.content[0]), json)
  t.ok(body('/issues/control/').includes(json), 'the page holds the same HTML')
  t.match(json, /Before {2}after/)
})

t.test('refuses a title or GUID made only of control characters, naming the field', async (t) => {
  const dirs = await hostilePublication(t, {
    'content/issues/empty-title.md': issueFile({ title: '"\\x01\\x02\\x03"' }),
    'content/episodes/empty-guid.md': episodeFile({ guid: '"\\x01\\x02"' })
  })
  const errors = await errorsOf(dirs)
  t.match(errors, [
    { file: /empty-title\.md$/, field: 'title', message: /has no visible characters/ },
    { file: /empty-guid\.md$/, field: 'guid', message: /has no visible characters/ }
  ])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses a title of spaces only, which would be an empty title in every reader', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/blank.md': issueFile({ title: '"   "' }) })
  t.match(await errorsOf(dirs), [{ file: /blank\.md$/, field: 'title', message: /has no visible characters/ }])
})

t.test('refuses control characters in an email address', async (t) => {
  const dirs = await hostilePublication(t)
  await editSite(dirs, { owner: '{ name: Example Publishing, email: "podcast\\x01@example.test" }' })
  t.match(await errorsOf(dirs), [{ file: /site\.yaml$/, field: 'owner.email' }])
})
