import { execFile } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import type { Publication } from '../../src/model/publication.ts'
import { tagsOf } from '../../src/model/tags.ts'
import { tagFeedUrl } from '../../src/model/urls.ts'
import { renderOpml } from '../../src/render/opml.ts'
import { decodeXml } from '../feed-validator.ts'
import { loadFixture, makeTempDir, parseXml } from '../helpers.ts'

interface Outline {
  readonly $: Record<string, string>
  readonly outline?: Outline[]
}

async function outlinesOf (publication: Publication): Promise<Outline[]> {
  return (await parseXml(renderOpml(publication))).opml.body[0].outline
}

/** Every feed a publication's OPML should list, with the name a reader shows for it. */
function expectedFeeds (publication: Publication): Array<{ xmlUrl: string, name: string, rss: boolean }> {
  const { site, feedUrls } = publication
  return [
    { xmlUrl: feedUrls.rss, name: `${site.title} (RSS)`, rss: true },
    { xmlUrl: feedUrls.atom, name: `${site.title} (Atom)`, rss: false },
    { xmlUrl: feedUrls.jsonFeed, name: `${site.title} (JSON Feed)`, rss: false },
    { xmlUrl: feedUrls.podcast!, name: `${site.title} (Podcast)`, rss: true },
    ...tagsOf(publication).flatMap((tag) => [
      { xmlUrl: tagFeedUrl(tag.url, 'rss'), name: `${site.title}: ${tag.name} (RSS)`, rss: true },
      { xmlUrl: tagFeedUrl(tag.url, 'atom'), name: `${site.title}: ${tag.name} (Atom)`, rss: false },
      { xmlUrl: tagFeedUrl(tag.url, 'json'), name: `${site.title}: ${tag.name} (JSON Feed)`, rss: false }
    ])
  ]
}

function feedOutlines (outlines: readonly Outline[]): Outline[] {
  return outlines.flatMap((outline) => [...(outline.$.xmlUrl === undefined ? [] : [outline]), ...feedOutlines(outline.outline ?? [])])
}

t.test('the OPML lists every feed as type="rss", with version RSS2 for RSS and none for Atom or JSON Feed', async (t) => {
  for (const name of ['plain-text', 'sample']) {
    const { publication } = await loadFixture(name)
    const outlines = feedOutlines(await outlinesOf(publication))
    const expected = expectedFeeds(publication)
    t.same(outlines.map((outline) => outline.$.xmlUrl), expected.map((feed) => feed.xmlUrl), `${name}: every feed, once`)
    for (const [index, outline] of outlines.entries()) {
      t.equal(outline.$.type, 'rss', `${name} ${outline.$.xmlUrl}: type`)
      t.equal(outline.$.version, expected[index]!.rss ? 'RSS2' : undefined, `${name} ${outline.$.xmlUrl}: version`)
    }
  }
})

t.test('a reader decoding the OPML text as HTML shows each feed\'s and tag\'s name exactly', async (t) => {
  const { publication } = await loadFixture('plain-text')
  const outlines = await outlinesOf(publication)
  const expected = expectedFeeds(publication)
  for (const [index, outline] of feedOutlines(outlines).entries()) {
    t.equal(decodeXml(outline.$.text!), expected[index]!.name, `${outline.$.xmlUrl}: text`)
    t.equal(decodeXml(outline.$.title!), expected[index]!.name, `${outline.$.xmlUrl}: title`)
  }
  const groups = outlines.filter((outline) => outline.outline !== undefined)
  t.same(groups.map((group) => decodeXml(group.$.text!)), tagsOf(publication).map((tag) => `Tag: ${tag.name}`))
  t.same(groups.map((group) => Object.keys(group.$)), groups.map(() => ['text']), 'a group outline is its text alone')
})

t.test('newsboat imports every feed of the OPML', async (t) => {
  for (const name of ['plain-text', 'sample']) {
    const { publication } = await loadFixture(name)
    const home = await makeTempDir(t, 'newsboat-opml')
    const opml = path.join(home, 'feeds.opml')
    await writeFile(opml, renderOpml(publication))
    await writeFile(path.join(home, 'config'), '')
    const urls = path.join(home, 'urls')
    await promisify(execFile)('newsboat', ['-u', urls, '-c', path.join(home, 'cache.db'), '-C', path.join(home, 'config'), '-i', opml],
      { env: { ...process.env, HOME: home }, timeout: 30_000 })
    const imported = (await readFile(urls, 'utf8')).split('\n').filter((line) => line !== '').map((line) => line.split(' ')[0])
    t.same(imported, expectedFeeds(publication).map((feed) => feed.xmlUrl), `${name}: every feed URL, once`)
  }
})
