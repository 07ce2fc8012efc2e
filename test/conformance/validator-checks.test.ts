import t from 'tap'
import { htmlTextProblem, opmlValidatorWarnings, rssValidatorWarnings } from '../feed-validator.ts'
import { loadFixture } from '../helpers.ts'
import { feedDocuments } from './documents.ts'

const FIXTURES = ['plain-text', 'hostile', 'sample', 'minimal']

t.test('no RSS document (main, podcast, archive pages, tag feeds) draws a W3C validator warning about its text', async (t) => {
  for (const name of FIXTURES) {
    const { publication } = await loadFixture(name)
    for (const document of feedDocuments(publication).filter((candidate) => candidate.format === 'rss')) {
      t.same(await rssValidatorWarnings(document.body), [], `${name} ${document.path}`)
    }
  }
})

t.test('the OPML draws no W3C validator warning', async (t) => {
  for (const name of FIXTURES) {
    const { publication } = await loadFixture(name)
    const opml = feedDocuments(publication).find((document) => document.format === 'opml')!
    t.same(await opmlValidatorWarnings(opml.body), [], name)
  }
})

const RSS = (channel: string, item = ''): string => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Title</title>
    <link>https://example.test/</link>
    <atom:link href="https://example.test/feed.xml" rel="self" type="application/rss+xml"/>
${channel}
    <item>
      <title>Item</title>
      <guid isPermaLink="false">urn:uuid:ae01c768-adac-5286-97bb-5998590c3d38</guid>
${item}
    </item>
  </channel>
</rss>
`

t.test('the RSS checks warn where the validator does', async (t) => {
  t.same(await rssValidatorWarnings(RSS('    <description>Plain</description>', '      <description>Plain</description>')), [], 'a plain document passes')
  t.match(await rssValidatorWarnings(RSS('', '      <description>Questions &amp; answers about the odd &lt;angle bracket&gt; and AT&amp;T.</description>')),
    [/item 1 description: Invalid HTML: markup or a bare "<"/], 'plain text escaped once in a description is read as HTML')
  t.match(await rssValidatorWarnings(RSS('', '      <description>AT&amp;amp;T &amp;T</description>')), [/Invalid HTML: a bare "&" at "&T"/], 'a bare ampersand before a letter')
  t.match(await rssValidatorWarnings(RSS('    <description>Not &lt;b&gt;bold&lt;/b&gt;</description>')), [/channel description: description should not contain HTML: <\/b>/])
  t.match(await rssValidatorWarnings(RSS('    <copyright>&amp;lt;Q&amp;amp;A&amp;gt;</copyright>')), [/channel copyright: Encode "&" and "<" in plain text/], 'entities without hexadecimal references')
  t.same(await rssValidatorWarnings(RSS('    <copyright>&#x26;lt;Q&#x26;amp;A&#x26;gt;</copyright>')), [], 'the same with hexadecimal references')
  t.match(await rssValidatorWarnings(RSS('', '      <category>Fish &amp; &lt;Chips&gt;</category>')), [/item 1 category: Encode "&" and "<"/], 'a tag-like "<" in a category')
  t.match(await rssValidatorWarnings(RSS('', '      <content:encoded>&lt;p&gt;x&lt;/p&gt;</content:encoded>')), [/content:encoded without a description/])
  t.match(await rssValidatorWarnings(RSS('    <image>\n      <url>https://example.test/a.png</url>\n      <title>Other</title>\n      <link>https://example.test/</link>\n    </image>')), [/Image title doesn't match/])
  t.match(await rssValidatorWarnings(RSS('').replace(/ *<atom:link[^\n]*\n/, '')), [/Missing atom:link with rel="self"/])
  t.match(await rssValidatorWarnings(RSS('').replace(/ *<guid[^\n]*\n/, '')), [/item should contain a guid/])
})

t.test('the OPML checks warn where the validator does', async (t) => {
  const opml = (body: string): string => `<?xml version="1.0"?><opml version="2.0"><head><title>T</title><dateModified>Thu, 01 Feb 2024 09:00:00 GMT</dateModified></head><body>${body}</body></opml>`
  t.same(await opmlValidatorWarnings(opml('<outline type="rss" text="A" title="A" xmlUrl="https://example.test/feed.xml" version="RSS2"/>')), [])
  t.match(await opmlValidatorWarnings(opml('<outline type="rss" text="A" title="A" xmlUrl="https://example.test/atom.xml" version="ATOM"/>')),
    [/version "ATOM": value must be RSS, RSS1, RSS2, or scriptingNews/])
  t.match(await opmlValidatorWarnings(opml('<outline text="Tag" title="Tag"><outline type="rss" text="A" title="A" xmlUrl="https://example.test/f"/></outline>')),
    [/outline 1: outline does not have a type attribute/])
  t.match(await opmlValidatorWarnings(opml('<outline type="rss" text="Q&amp;A &lt;3" title="A" xmlUrl="https://example.test/f"/>')), [/outline 1 text: Invalid HTML/])
  t.match(await opmlValidatorWarnings(opml('<outline type="rss" text="A"/>')), [/Missing outline attribute: xmlUrl/, /Missing outline attribute: title/])
  t.match(await opmlValidatorWarnings(opml('<outline type="atom" text="A"/>')), [/type "atom" is not rss or link/])
})

t.test('text escaped as HTML is told apart from markup and bare ampersands', async (t) => {
  t.equal(htmlTextProblem('Q&amp;A &lt;3 &#x26; &#38; a & b'), undefined)
  t.match(htmlTextProblem('a <b>bold</b>'), /markup/)
  t.match(htmlTextProblem('AT&T'), /bare "&"/)
  t.match(htmlTextProblem('&amp'), /bare "&"/, 'a reference without its semicolon')
})
