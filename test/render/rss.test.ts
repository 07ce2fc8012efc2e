import { stat } from 'node:fs/promises'
import path from 'node:path'
import { parseRssFeed } from 'feedsmith'
import t from 'tap'
import { renderRss } from '../../src/render/rss.ts'
import { loadFixture, parseXml, publicationDirs, textOf, xmlErrors } from '../helpers.ts'

t.test('RSS of the sample is well-formed, declares its namespaces and links itself', async (t) => {
  const { publication } = await loadFixture('sample')
  const xml = renderRss(publication)
  t.equal(await xmlErrors(xml), '')
  const doc = await parseXml(xml)
  t.equal(doc.rss.$.version, '2.0')
  t.equal(doc.rss.$['xmlns:content'], 'http://purl.org/rss/1.0/modules/content/')
  t.equal(doc.rss.$['xmlns:atom'], 'http://www.w3.org/2005/Atom')
  const channel = doc.rss.channel[0]
  t.equal(channel.title[0], 'ML & AI Safety Update')
  t.equal(channel.link[0], 'https://feedwright.example/')
  t.equal(channel.language[0], 'en')
  t.same(channel['atom:link'][0].$, { href: 'https://feedwright.example/feed.xml', rel: 'self', type: 'application/rss+xml' })
  t.equal(channel.lastBuildDate[0], 'Fri, 27 Jan 2023 16:00:00 GMT', 'the newest content date, not the clock')
})

t.test('RSS item of the sample issue carries its text, summary, guid, date and audio', async (t) => {
  const { publication } = await loadFixture('sample')
  const doc = await parseXml(renderRss(publication))
  const [item, ...others] = doc.rss.channel[0].item
  t.equal(others.length, 0)
  t.equal(item.title[0], 'Was ChatGPT a good idea?')
  t.equal(item.link[0], 'https://feedwright.example/issues/was-chatgpt-a-good-idea/')
  t.equal(item.guid[0].$.isPermaLink, 'false')
  t.match(textOf(item.guid[0]), /^urn:uuid:[0-9a-f-]{36}$/)
  t.equal(item.pubDate[0], 'Fri, 27 Jan 2023 16:00:00 GMT', '17:00 at +01:00 is 16:00 GMT')
  t.match(item.description[0], /^We hear Paul Christiano’s take/)
  t.match(item['content:encoded'][0], /<h2>Inverse scaling prize<\/h2>/)
  t.match(item['content:encoded'][0], /<img src="https:\/\/feedwright\.example\/media\/artwork\.jpg"/, 'the relative image is made absolute')
  t.same(item.category, ['RLHF', 'inverse scaling', 'mechanistic interpretability', 'hackathons'])
  t.same(item['dc:creator'], ['Esben Kran'])
  const audio = await stat(path.join(publicationDirs('sample').mediaDir, 'w04.mp3'))
  t.same(item.enclosure, [{ $: { url: 'https://feedwright.example/media/w04.mp3', length: String(audio.size), type: 'audio/mpeg' } }])
})

t.test('RSS links each episode\'s YouTube and Spotify pages but never encloses them', async (t) => {
  const { publication } = await loadFixture('minimal')
  const doc = await parseXml(renderRss(publication))
  const first = doc.rss.channel[0].item.find((item: any) => item.title[0] === 'The first issue')
  t.match(first['content:encoded'][0], '<a href="https://www.youtube.com/watch?v=abc123">Watch on YouTube</a>')
  t.match(first['content:encoded'][0], '<a href="https://open.spotify.com/episode/xyz789">Listen on Spotify</a>')
  t.equal(first.enclosure.length, 1)
  t.equal(first.enclosure[0].$.type, 'audio/mpeg')
})

t.test('RSS lists issues newest first, and an issue without an episode has no enclosure', async (t) => {
  const { publication } = await loadFixture('minimal')
  const items = (await parseXml(renderRss(publication))).rss.channel[0].item
  t.same(items.map((item: any) => item.title[0]), ['The second issue', 'The first issue'])
  t.equal(items[0].enclosure, undefined)
  t.notMatch(renderRss(publication), 'Bonus: Listener questions', 'an episode without an issue belongs to the podcast feed only')
})

t.test('an independent RSS parser reads the same items, enclosures and dates', async (t) => {
  for (const name of ['sample', 'minimal', 'hostile']) {
    const { publication } = await loadFixture(name)
    const feed = parseRssFeed(renderRss(publication))
    t.equal(feed.items?.length, publication.issues.length, `${name}: every issue`)
    publication.issues.forEach((issue, index) => {
      const item = feed.items![index]!
      t.equal(item.title, issue.title, `${name}: title`)
      t.equal(item.guid?.value, issue.id, `${name}: guid`)
      t.equal(new Date(item.pubDate!).getTime(), issue.date.getTime(), `${name}: date`)
      t.same(item.enclosures ?? [], issue.episode === undefined ? [] : [{ url: issue.episode.audio.url, length: issue.episode.audio.length, type: issue.episode.audio.type }], `${name}: enclosure`)
    })
  }
})

t.test('RSS keeps &, < and ]]> in a title and drops control characters', async (t) => {
  const { publication } = await loadFixture('hostile')
  const xml = renderRss(publication)
  t.equal(await xmlErrors(xml), '')
  const doc = await parseXml(xml)
  t.equal(doc.rss.channel[0].title[0], 'Q&A <Weekly> ]]> News')
  const titles = doc.rss.channel[0].item.map((item: any) => item.title[0])
  t.ok(titles.includes('Fish & <Chips> ]]> and ]]> againend'), 'U+0008 is gone, both ]]> stay')
  t.notOk([...xml].some((char) => char < ' ' && !'\t\n\r'.includes(char)), 'no XML-forbidden control character anywhere')
})
