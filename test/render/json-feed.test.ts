import { parseJsonFeed } from 'feedsmith'
import t from 'tap'
import { renderJsonFeed } from '../../src/render/json-feed.ts'
import { loadFixture } from '../helpers.ts'

t.test('JSON Feed is version 1.1 with authors, language, icon and its own URL', async (t) => {
  const { publication } = await loadFixture('minimal')
  const feed = JSON.parse(renderJsonFeed(publication))
  t.equal(feed.version, 'https://jsonfeed.org/version/1.1')
  t.equal(feed.title, 'Minimal Weekly')
  t.equal(feed.home_page_url, 'https://example.test/')
  t.equal(feed.feed_url, 'https://example.test/feed.json')
  t.equal(feed.language, 'en')
  t.equal(feed.icon, 'https://example.test/media/artwork.png')
  t.same(feed.authors, [{ name: 'Ada Example', url: 'https://example.test/about' }])
  t.equal(feed.author, undefined, 'no JSON Feed 1.0 single author')
})

t.test('JSON Feed items have string ids, HTML content, dates, and the audio as an attachment', async (t) => {
  const { publication } = await loadFixture('minimal')
  const feed = JSON.parse(renderJsonFeed(publication))
  t.same(feed.items.map((item: any) => item.title), ['The second issue', 'The first issue'])
  const [second, first] = feed.items
  for (const item of feed.items) t.type(item.id, 'string')
  t.equal(first.url, 'https://example.test/issues/first/')
  t.equal(first.date_published, '2024-01-05T09:00:00Z')
  t.match(first.content_html, /<p>/)
  t.match(first.content_html, 'https://www.youtube.com/watch?v=abc123')
  const issue = publication.issues.find((candidate) => candidate.slug === 'first')!
  t.same(first.attachments, [{
    url: 'https://example.test/media/tone.mp3',
    mime_type: 'audio/mpeg',
    title: 'The first issue',
    size_in_bytes: issue.episode!.audio.length,
    duration_in_seconds: 2
  }])
  t.equal(second.attachments, undefined, 'an issue without an episode has no attachment')
})

t.test('JSON Feed keeps hostile text exactly, minus forbidden control characters', async (t) => {
  const { publication } = await loadFixture('hostile')
  const feed = JSON.parse(renderJsonFeed(publication))
  t.equal(feed.title, 'Q&A <Weekly> ]]> News')
  t.ok(feed.items.some((item: any) => item.title === 'Fish & <Chips> ]]> and ]]> againend'))
  t.notMatch(JSON.stringify(feed), 'DRAFT-SECRET', 'a draft is in no output')
})

t.test('JSON Feed keeps line and paragraph separators inside an item as they are', async (t) => {
  const { publication } = await loadFixture('minimal')
  // JSON keeps U+2028 and U+2029 unescaped in strings; the items are written one by one, indented.
  const title = 'Line\u2028separated\u2029and\nsplit'
  const issues = publication.issues.map((issue) => ({ ...issue, title }))
  const text = renderJsonFeed({ ...publication, issues })
  const feed = JSON.parse(text)
  t.same(feed.items.map((item: any) => item.title), issues.map(() => title))
  t.equal(text, `${JSON.stringify(feed, null, 2)}\n`, 'indented as one JSON.stringify of the whole feed would be')
})

t.test('an independent JSON Feed parser reads the same items and attachments', async (t) => {
  for (const name of ['sample', 'minimal', 'hostile']) {
    const { publication } = await loadFixture(name)
    const feed = parseJsonFeed(JSON.parse(renderJsonFeed(publication)))
    t.equal(feed.items?.length, publication.issues.length, name)
    publication.issues.forEach((issue, index) => {
      const item = feed.items![index]!
      t.equal(item.id, issue.id)
      t.equal(item.title, issue.title)
      t.equal(new Date(item.date_published!).getTime(), issue.date.getTime())
      t.same(item.attachments?.map((attachment) => [attachment.url, attachment.mime_type, attachment.size_in_bytes]) ?? [],
        issue.episode === undefined ? [] : [[issue.episode.audio.url, issue.episode.audio.type, issue.episode.audio.length]])
    })
  }
})
