import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { ImportError } from '../../src/errors.ts'
import { convertBody } from '../../src/import/html-to-markdown.ts'
import { readFeed } from '../../src/import/read-feed.ts'
import { IMPORT_FIXTURES } from './import-helpers.ts'

async function read (file: string, documentUrl?: string) {
  return await readFeed(await readFile(path.join(IMPORT_FIXTURES, file)), file, documentUrl)
}

t.test('a windows-1252 feed keeps its curly quotes and accents', async (t) => {
  const feed = await read('wordpress.xml', 'https://cafe.example.net/feed/')
  const item = feed.items[0]!
  t.match(item.html, /“Perfect”, says Chloé\./)
  t.same(item.authors, [{ name: 'Chloé' }])
  t.equal(feed.title, 'Café Notes')
})

t.test('an ISO-8859-1 RSS 1.0 feed is read, its items beside the channel', async (t) => {
  const feed = await read('rss1.rdf', 'https://lab.example.org/rss')
  t.equal(feed.format, 'RSS 1.0')
  t.equal(feed.language, 'en')
  t.equal(feed.items.length, 1)
  t.equal(feed.items[0]!.id, 'https://lab.example.org/notes/1')
  t.equal(feed.items[0]!.html, '<p>Café &amp; lab.</p>', 'plain text becomes a paragraph, escaped')
  t.equal(feed.items[0]!.date?.toISOString(), '2024-02-10T10:00:00.000Z')
})

t.test('HTML in titles becomes text, and the report says so', async (t) => {
  const wordpress = (await read('wordpress.xml')).items[0]!
  t.equal(wordpress.title, 'Espresso – a primer')
  t.match(wordpress.notes.join('\n'), /held HTML/)
  const atom = await read('atom-xml-base.xml')
  t.equal(atom.title, 'Kurz & bündig', 'decoded as XML, then as HTML')
  t.equal(atom.items[0]!.title, 'Über Kürze')
})

t.test('relative URLs resolve against xml:base, element by element', async (t) => {
  const feed = await read('atom-xml-base.xml', 'https://mirror.example.net/atom.xml')
  t.equal(feed.link, 'https://blog.example.de/')
  t.equal(feed.imageUrl, 'https://blog.example.de/logo.png')
  t.same(feed.older, ['https://blog.example.de/archive/2023.xml'])
  const entry = feed.items[0]!
  t.equal(entry.link, 'https://blog.example.de/2024/03/kuerze.html')
  const body = convertBody(entry.html!, entry.base)
  t.match(body.markdown, '[einer](https://blog.example.de/2024/03/zwei.html)')
  t.match(body.markdown, '![Bild](https://blog.example.de/2024/03/bild.png)')
  t.match(body.markdown, /Ein Satz\. {2}\nNoch/, 'the xhtml <br/> is one line break')
})

t.test('relative URLs without xml:base resolve against the feed address', async (t) => {
  const item = (await read('wordpress.xml', 'https://cafe.example.net/feed/')).items[0]!
  const body = convertBody(item.html!, item.base)
  t.match(body.markdown, '[crema](https://cafe.example.net/glossary/crema/)')
  t.match(body.markdown, '![](https://cafe.example.net/wp-content/uploads/2024/03/cup.jpg)')
})

t.test('CDATA bodies, dc:creator and an image enclosure that is not an episode', async (t) => {
  const feed = await read('substack.xml', 'https://fieldnotes.example.com/feed')
  const frost = feed.items.find((item) => item.title === 'The first frost')!
  t.equal(frost.enclosure, undefined)
  t.same(frost.otherEnclosures.map((enclosure) => enclosure.type), ['image/jpeg'])
  t.same(frost.authors, [{ name: 'Ada Gardener' }])
  t.equal(frost.summary, 'What survives a night below zero.')
  t.match(convertBody(frost.html!, frost.base).markdown, /### What made it\n\n- +Kale/)
  t.same(feed.podcast.category, 'Leisure')
  t.same(feed.podcast.subcategory, 'Home & Garden')
})

t.test('iTunes and Podcasting 2.0 tags are read from a Castopod feed', async (t) => {
  const feed = await read('castopod.xml')
  t.equal(feed.podcast.guid, '0b9e5c5a-8c0f-5a43-9d37-2bd3f7d0e6a1')
  t.equal(feed.podcast.locked, true)
  t.equal(feed.podcast.medium, 'podcast')
  t.equal(feed.podcast.location, 'Paris')
  t.same(feed.podcast.funding.map((fund) => fund.text), ['Donate on Liberapay', 'Open Collective'])
  const episode = feed.items[0]!
  t.same(episode.podcast.transcripts, [{ url: 'https://castopod.example.social/media/podcasts/libreaudio/episode-1.vtt', type: 'text/vtt', language: 'fr', rel: undefined }])
  t.same(episode.podcast.persons.map((person) => [person.name, person.role, person.group]), [['Léa Libre', 'host', undefined], ['Marc Source', 'guest', 'cast']])
  t.equal(episode.podcast.duration, 875)
  t.same(episode.unmapped, ['podcast:soundbite'], 'what has no field is named for the report')
})

t.test('JSON Feed 1.0 and 1.1: numeric ids, content_text, attachments and next_url', async (t) => {
  const feed = await read('json-feed.json', 'https://essays.example.blog/feed.json')
  t.equal(feed.format, 'JSON Feed 1.1')
  t.same(feed.older, ['https://essays.example.blog/feed.json?page=2'])
  t.same(feed.unmapped, ['_microblog'])
  const [walking, note] = feed.items
  t.same(walking!.enclosure, { url: 'https://essays.example.blog/uploads/on-walking.mp3', type: 'audio/mpeg', length: 2200000 })
  t.equal(walking!.podcast.duration, 274)
  t.match(convertBody(walking!.html!, walking!.base).markdown, '(https://essays.example.blog/2023/12/24/on-sitting.html)')
  t.equal(note!.id, '42')
  t.equal(note!.html, '<p>A note without a title.</p>\n<p>It has two paragraphs.</p>')
  t.equal((await read('json-feed-page-2.json')).format, 'JSON Feed 1.0')
})

t.test('a document that is not well-formed is read leniently, and says so', async (t) => {
  const feed = await readFeed(Buffer.from('<rss version="2.0"><channel><title>Fish &amp; Chips &nbsp;&mdash; & more</title><item><title>One</title><guid>1</guid><pubDate>Mon, 01 Jan 2024 09:00:00 GMT</pubDate></item></channel></rss>'), 'x.xml', undefined)
  t.equal(feed.title, 'Fish & Chips — & more', 'HTML entities decoded, white space collapsed')
  t.equal(feed.items[0]!.id, '1')
  t.match(feed.notes.join(), /not well-formed/)
})

t.test('what is not a feed gets one line saying what it is', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['<!doctype html><html><head><title>Blog</title></head><body></body></html>', /is not well-formed XML|it is a web page/],
    ['<html><body>hi</body></html>', /it is a web page: give the address of its feed instead/],
    ['{"title": "not a feed"}', /is JSON but not a JSON Feed/],
    ['{"title": ', /looks like JSON but is not valid JSON/],
    ['hello', /is not a feed: it starts with "hello"/],
    ['<feed xmlns="http://purl.org/atom/ns#"><title>0.3</title></feed>', /root element is <atom03:feed>/]
  ]
  for (const [text, message] of cases) {
    const error = await readFeed(Buffer.from(text), 'source', undefined).then(() => undefined, (caught: unknown) => caught)
    t.ok(error instanceof ImportError, text)
    t.match((error as Error).message, message, text)
  }
})

t.test('a byte order mark and a UTF-16 feed are decoded', async (t) => {
  const xml = '<?xml version="1.0" encoding="UTF-16"?><rss version="2.0"><channel><title>Grüße</title></channel></rss>'
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')])
  t.equal((await readFeed(utf16, 'x', undefined)).title, 'Grüße')
  t.equal((await readFeed(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml.replace('UTF-16', 'UTF-8'))]), 'x', undefined)).title, 'Grüße')
})
