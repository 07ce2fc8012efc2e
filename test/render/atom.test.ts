import { parseAtomFeed } from 'feedsmith'
import t from 'tap'
import { renderAtom } from '../../src/render/atom.ts'
import { atomConformanceProblems } from '../atom-conformance.ts'
import { loadFixture, parseXml, textOf } from '../helpers.ts'

t.test('Atom of every publication conforms to RFC 4287', async (t) => {
  for (const name of ['sample', 'minimal', 'hostile']) {
    const { publication } = await loadFixture(name)
    t.same(await atomConformanceProblems(renderAtom(publication)), [], name)
  }
})

t.test('Atom feed has a stable id, updated, authors, self and alternate links', async (t) => {
  const { publication } = await loadFixture('minimal')
  const feed = (await parseXml(renderAtom(publication))).feed
  t.equal(feed.$.xmlns, 'http://www.w3.org/2005/Atom')
  t.equal(feed.$['xml:lang'], 'en')
  t.equal(feed.id[0], `urn:uuid:${publication.site.podcastGuid}`)
  t.equal(feed.updated[0], '2024-01-12T07:00:00Z', 'the newest issue: 09:00 at +02:00')
  t.same(feed.author, [{ name: ['Ada Example'], email: ['ada@example.test'], uri: ['https://example.test/about'] }])
  const links = feed.link.map((link: any) => link.$)
  t.same(links.find((link: any) => link.rel === 'self'), { rel: 'self', type: 'application/atom+xml', href: 'https://example.test/atom.xml' })
  t.same(links.find((link: any) => link.rel === 'alternate'), { rel: 'alternate', type: 'text/html', href: 'https://example.test/' })
})

t.test('Atom entry carries the audio as an enclosure with its true type and length, and YouTube and Spotify as related', async (t) => {
  const { publication } = await loadFixture('minimal')
  const feed = (await parseXml(renderAtom(publication))).feed
  const entry = feed.entry.find((candidate: any) => textOf(candidate.title[0]) === 'The first issue')
  const issue = publication.issues.find((candidate) => candidate.slug === 'first')!
  t.equal(entry.id[0], issue.id)
  t.equal(entry.published[0], '2024-01-05T09:00:00Z')
  t.equal(entry.updated[0], '2024-01-05T09:00:00Z')
  const links = entry.link.map((link: any) => link.$)
  t.same(links.filter((link: any) => link.rel === 'enclosure'), [{ rel: 'enclosure', type: 'audio/mpeg', length: String(issue.episode!.audio.length), href: 'https://example.test/media/tone.mp3' }])
  t.same(links.filter((link: any) => link.rel === 'related').map((link: any) => link.href), ['https://www.youtube.com/watch?v=abc123', 'https://open.spotify.com/episode/xyz789'])
  t.equal(entry.content[0].$.type, 'html')
  t.equal(entry.summary[0].$.type, 'text')
})

t.test('Atom entry of an updated issue keeps its published date and shows the update', async (t) => {
  const { publication } = await loadFixture('hostile')
  const feed = (await parseXml(renderAtom(publication))).feed
  const entry = feed.entry.find((candidate: any) => textOf(candidate.title[0]) === 'An issue that was updated')
  const issue = publication.issues.find((candidate) => candidate.title === 'An issue that was updated')!
  t.equal(new Date(entry.published[0]).getTime(), issue.date.getTime())
  t.equal(new Date(entry.updated[0]).getTime(), issue.updated!.getTime())
  t.ok(issue.updated! > issue.date)
})

t.test('an independent Atom parser reads the same entries, enclosures and dates', async (t) => {
  for (const name of ['sample', 'minimal', 'hostile']) {
    const { publication } = await loadFixture(name)
    const feed = parseAtomFeed(renderAtom(publication))
    t.equal(feed.id, `urn:uuid:${publication.site.podcastGuid}`)
    t.equal(feed.entries?.length, publication.issues.length, `${name}: every issue`)
    publication.issues.forEach((issue, index) => {
      const entry = feed.entries![index]!
      t.equal(typeof entry.title === 'string' ? entry.title : entry.title?.value, issue.title, `${name}: title`)
      t.equal(entry.id, issue.id, `${name}: id`)
      t.equal(new Date(entry.published!).getTime(), issue.date.getTime(), `${name}: published`)
      const enclosures = (entry.links ?? []).filter((link) => link.rel === 'enclosure').map((link) => ({ href: link.href, type: link.type, length: Number(link.length) }))
      t.same(enclosures, issue.episode === undefined ? [] : [{ href: issue.episode.audio.url, type: issue.episode.audio.type, length: issue.episode.audio.length }], `${name}: enclosure`)
    })
  }
})
