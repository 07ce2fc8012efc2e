import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseRssFeed } from 'feedsmith'
import { parseFile } from 'music-metadata'
import t from 'tap'
import { derivePodcastGuid } from '../../src/model/podcast-guid.ts'
import { renderPodcast } from '../../src/render/podcast.ts'
import { loadFixture, parseXml, publicationDirs, textOf, xmlErrors } from '../helpers.ts'

async function podcastChannel (name: string, baseUrl?: string): Promise<any> {
  const { publication } = await loadFixture(name, baseUrl)
  const xml = renderPodcast(publication)
  const doc = await parseXml(xml)
  return doc.rss.channel[0]
}

t.test('podcast feed declares the itunes, podcast, content and atom namespaces it uses', async (t) => {
  const { publication } = await loadFixture('minimal')
  const xml = renderPodcast(publication)
  t.equal(await xmlErrors(xml), '', 'well-formed, every prefix declared')
  const { $ } = (await parseXml(xml)).rss
  t.equal($['xmlns:itunes'], 'http://www.itunes.com/dtds/podcast-1.0.dtd')
  t.equal($['xmlns:podcast'], 'https://podcastindex.org/namespace/1.0')
  t.equal($['xmlns:content'], 'http://purl.org/rss/1.0/modules/content/')
  t.equal($['xmlns:atom'], 'http://www.w3.org/2005/Atom')
})

t.test('podcast channel has every tag Apple requires', async (t) => {
  const channel = await podcastChannel('minimal')
  t.same(channel['itunes:image'], [{ $: { href: 'https://example.test/media/artwork.png' } }])
  t.same(channel['itunes:category'], [{ $: { text: 'Technology' } }])
  t.same(channel['itunes:explicit'], ['false'])
  t.same(channel['itunes:author'], ['Ada Example'])
  t.same(channel['itunes:owner'], [{ 'itunes:name': ['Example Publishing'], 'itunes:email': ['podcast@example.test'] }])
  t.same(channel['itunes:type'], ['episodic'])
  t.same(channel.language, ['en'])
  t.same(channel['atom:link'], [{ $: { href: 'https://example.test/podcast.xml', rel: 'self', type: 'application/rss+xml' } }])
})

t.test('podcast channel has a Podcasting 2.0 guid derived from its feed URL, lock and funding', async (t) => {
  const channel = await podcastChannel('minimal')
  t.same(channel['podcast:guid'], [derivePodcastGuid('https://example.test/podcast.xml')])
  t.same(channel['podcast:locked'], [{ _: 'yes', $: { owner: 'podcast@example.test' } }])
  t.same(channel['podcast:funding'], [{ _: 'Support us', $: { url: 'https://example.test/support' } }])
})

t.test('a pinned podcast guid stays the same when the publication moves', async (t) => {
  const here = await podcastChannel('sample')
  const moved = await podcastChannel('sample', 'https://elsewhere.example/podcasts/')
  t.same(here['podcast:guid'], ['2d34cc82-de83-517c-8c8d-c22549e89555'])
  t.same(moved['podcast:guid'], here['podcast:guid'])
  t.same(moved.item.map((item: any) => textOf(item.guid[0])), here.item.map((item: any) => textOf(item.guid[0])), 'episode GUIDs survive the move')
  t.same(moved['atom:link'][0].$.href, 'https://elsewhere.example/podcasts/podcast.xml')
})

t.test('podcast feed lists every episode, including one without an issue, newest first', async (t) => {
  const channel = await podcastChannel('minimal')
  t.same(channel.item.map((item: any) => item.title[0]), ['Bonus: Listener questions', 'The first issue'])
  const bonus = channel.item[0]
  t.same(bonus.link, ['https://example.test/episodes/bonus/'])
  t.same(bonus['itunes:episodeType'], ['bonus'])
  t.match(bonus['content:encoded'][0], '<em>your</em>', 'its own show notes')
})

t.test('podcast episode has its enclosure, GUID, duration, numbering, transcript and chapters', async (t) => {
  const channel = await podcastChannel('sample')
  const [item] = channel.item
  const file = path.join(publicationDirs('sample').mediaDir, 'w04.mp3')
  const { size } = await stat(file)
  const { format } = await parseFile(file, { duration: true })
  t.same(item.enclosure, [{ $: { url: 'https://feedwright.example/media/w04.mp3', length: String(size), type: 'audio/mpeg' } }], 'exact byte length of the real file')
  t.same(item.guid[0].$, { isPermaLink: 'false' })
  t.match(textOf(item.guid[0]), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUIDv5')
  t.same(item['itunes:duration'], [String(Math.round(format.duration!))], 'duration read from the audio')
  t.same(item['itunes:episode'], ['4'])
  t.same(item['itunes:season'], ['1'])
  t.same(item['itunes:episodeType'], ['full'])
  t.same(item['itunes:explicit'], ['false'])
  t.same(item['podcast:season'], ['1'])
  t.same(item['podcast:episode'], ['4'])
  t.same(item['podcast:transcript'], [{ $: { url: 'https://feedwright.example/media/w04.vtt', type: 'text/vtt', language: 'en', rel: 'captions' } }])
  t.same(item['podcast:chapters'], [{ $: { url: 'https://feedwright.example/media/w04.chapters.json', type: 'application/json+chapters' } }])
  t.same(item.pubDate, ['Fri, 27 Jan 2023 16:00:00 GMT'])
})

t.test('show notes link YouTube and Spotify; the enclosure is always the audio', async (t) => {
  const channel = await podcastChannel('sample')
  const [item] = channel.item
  t.match(item['content:encoded'][0], '<a href="https://www.youtube.com/watch?v=PLACEHOLDER-W04">Watch on YouTube</a>')
  t.match(item['content:encoded'][0], '<a href="https://open.spotify.com/episode/PLACEHOLDER-W04">Listen on Spotify</a>')
  t.equal(item.enclosure.length, 1)
  t.notMatch(item.enclosure[0].$.url, /youtube|spotify/)
})

t.test('an episode without its own show notes uses its issue\'s text', async (t) => {
  const { publication } = await loadFixture('minimal')
  const channel = (await parseXml(renderPodcast(publication))).rss.channel[0]
  const first = channel.item.find((item: any) => item.title[0] === 'The first issue')
  t.ok(first['content:encoded'][0].startsWith(publication.issues.find((issue) => issue.slug === 'first')!.html))
})

t.test('the sample chapters and transcript files the feed points at are real', async (t) => {
  const { mediaDir } = publicationDirs('sample')
  const chapters = JSON.parse(await readFile(path.join(mediaDir, 'w04.chapters.json'), 'utf8'))
  t.equal(chapters.version, '1.2.0')
  t.ok(chapters.chapters.length > 1)
  t.match(await readFile(path.join(mediaDir, 'w04.vtt'), 'utf8'), /^WEBVTT/)
})

t.test('an independent podcast parser reads the same episodes, enclosures, dates and tags', async (t) => {
  for (const name of ['sample', 'minimal', 'hostile']) {
    const { publication } = await loadFixture(name)
    const feed = parseRssFeed(renderPodcast(publication))
    t.equal(feed.itunes?.owner?.email, publication.site.owner?.email)
    t.same(feed.itunes?.categories?.map((category) => category.text), [publication.site.category?.name])
    t.equal(feed.podcast?.guid, publication.site.podcastGuid)
    t.equal(feed.items?.length, publication.episodes.length, `${name}: every episode`)
    publication.episodes.forEach((episode, index) => {
      const item = feed.items![index]!
      t.equal(item.title, episode.title)
      t.equal(item.guid?.value, episode.guid)
      t.equal(new Date(item.pubDate!).getTime(), episode.date.getTime())
      t.same(item.enclosures, [{ url: episode.audio.url, length: episode.audio.length, type: episode.audio.type }])
      t.equal(item.itunes?.duration, episode.audio.durationSeconds)
    })
  }
})
