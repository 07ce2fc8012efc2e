import { createHash } from 'node:crypto'
import { parseFeedDate } from './feed-dates.ts'
import { htmlToText, looksLikeHtml } from './html-to-markdown.ts'
import type { ImportedEnclosure, ImportedFeed, ImportedItem, ImportedPerson } from './imported-feed.ts'
import { PODCAST_CHANNEL_ELEMENTS, PODCAST_ITEM_ELEMENTS, readChannelTags, readItemTags } from './read-podcast-tags.ts'
import { childOf, childrenOf, resolveUrl, textOf, xhtmlOf, type XmlNode } from './xml-tree.ts'

// Elements read into the model, or with nothing to carry (generator, ttl, build dates):
// anything else is named in the report.
const IGNORED = ['generator', 'docs', 'ttl', 'lastbuilddate', 'pubdate', 'cloud', 'atom:generator', 'atom:updated', 'sy:updateperiod', 'sy:updatefrequency', 'wfw:commentrss', 'slash:comments', 'comments', 'webmaster', 'rating', 'skiphours', 'skipdays', 'atom:id', 'googleplay:block', 'itunes:keywords', 'media:rating', 'fh:archive']
const RSS_CHANNEL = ['title', 'link', 'description', 'language', 'dc:language', 'copyright', 'dc:rights', 'managingeditor', 'dc:creator', 'dc:publisher', 'image', 'item', 'atom:link', 'category', 'itunes:keywords', 'items', 'fh:complete', ...PODCAST_CHANNEL_ELEMENTS, ...IGNORED]
const RSS_ITEM = ['title', 'link', 'guid', 'pubdate', 'dc:date', 'description', 'content:encoded', 'dc:creator', 'author', 'category', 'dc:subject', 'enclosure', 'media:content', 'atom:updated', 'dcterms:modified', 'atom:link', ...PODCAST_ITEM_ELEMENTS, ...IGNORED]
const ATOM_FEED = ['atom:title', 'atom:subtitle', 'atom:link', 'atom:author', 'atom:contributor', 'atom:logo', 'atom:icon', 'atom:rights', 'atom:entry', 'atom:category', 'fh:complete', ...PODCAST_CHANNEL_ELEMENTS, ...IGNORED]
const ATOM_ENTRY = ['atom:id', 'atom:title', 'atom:link', 'atom:published', 'atom:updated', 'atom:summary', 'atom:content', 'atom:author', 'atom:contributor', 'atom:category', ...PODCAST_ITEM_ELEMENTS, ...IGNORED]

/** Reads an RSS 2.0, RSS 1.0 (RDF) or Atom 1.0 document into an {@link ImportedFeed}. */
export function readXmlFeed (root: XmlNode, source: string, notes: readonly string[]): ImportedFeed | undefined {
  if (root.name === 'rss') {
    const channel = childOf(root, 'channel')
    return channel === undefined ? undefined : readRss(channel, childrenOf(channel, 'item'), 'RSS 2.0', source, notes)
  }
  if (root.name === 'rdf:rdf') {
    const channel = childOf(root, 'channel')
    return channel === undefined ? undefined : readRss(channel, childrenOf(root, 'item'), 'RSS 1.0', source, notes)
  }
  if (root.name === 'atom:feed') return readAtom(root, source, notes)
  return undefined
}

function readRss (channel: XmlNode, items: readonly XmlNode[], format: 'RSS 2.0' | 'RSS 1.0', source: string, notes: readonly string[]): ImportedFeed {
  const podcast = readChannelTags(channel)
  const link = resolveUrl(textOf(channel, 'link') ?? alternateLink(channel, 'atom:link'), channel.base)
  const channelDate = parseFeedDate(textOf(channel, 'pubdate', 'lastbuilddate', 'dc:date'))
  const image = childOf(channel, 'image')
  return {
    format,
    source,
    title: plainText(textOf(channel, 'title')),
    description: plainText(textOf(channel, 'description', 'itunes:summary', 'itunes:subtitle')),
    link,
    language: textOf(channel, 'language', 'dc:language'),
    copyright: plainText(textOf(channel, 'copyright', 'dc:rights')),
    authors: [podcast.author, textOf(channel, 'managingeditor'), textOf(channel, 'dc:creator')].flatMap((value) => value === undefined ? [] : [rssPerson(value)]).slice(0, 1),
    imageUrl: resolveUrl(childOf(channel, 'itunes:image')?.attrs.href, channel.base) ?? resolveUrl(textOf(image, 'url') ?? image?.attrs['rdf:resource'], channel.base),
    podcast,
    items: items.map((item) => readRssItem(item, channelDate)),
    older: historyLinks(channel, 'atom:link'),
    unmapped: unknownNames(channel, RSS_CHANNEL),
    notes
  }
}

function readRssItem (item: XmlNode, channelDate: Date | undefined): ImportedItem {
  const notes: string[] = []
  const guid = textOf(item, 'guid')
  const link = resolveUrl(textOf(item, 'link') ?? (childOf(item, 'guid')?.attrs.ispermalink !== 'false' ? guid : undefined) ?? item.attrs['rdf:about'], item.base)
  const dateText = textOf(item, 'pubdate', 'dc:date')
  const date = datedOrNoted(dateText, 'pubDate', notes) ?? fallbackDate(channelDate, notes)
  const encoded = childOf(item, 'content:encoded')
  const description = childOf(item, 'description')
  const bodyNode = encoded !== undefined && encoded.text !== '' ? encoded : description ?? childOf(item, 'itunes:summary')
  const summarySource = encoded !== undefined && encoded.text !== '' ? textOf(item, 'description', 'itunes:summary', 'itunes:subtitle') : textOf(item, 'itunes:subtitle', 'itunes:summary')
  const title = textOf(item, 'title', 'itunes:title')
  return {
    ...identify(guid !== undefined ? { id: guid, idFrom: 'guid' } : item.attrs['rdf:about'] !== undefined ? { id: item.attrs['rdf:about'], idFrom: 'id' } : undefined, link, title, dateText),
    title: titleText(title, notes),
    link,
    date,
    updated: parseFeedDate(textOf(item, 'atom:updated', 'dcterms:modified')),
    summary: plainText(summarySource),
    html: bodyNode === undefined || bodyNode.text === '' ? undefined : bodyHtml(bodyNode.text),
    base: bodyNode?.base ?? link,
    authors: [...childrenOf(item, 'dc:creator'), ...childrenOf(item, 'author'), ...childrenOf(item, 'itunes:author')].filter((node) => node.text !== '').map((node) => rssPerson(node.text)).filter(uniqueBy((person) => person.name)),
    tags: [...childrenOf(item, 'category'), ...childrenOf(item, 'dc:subject')].map((node) => plainText(node.text)).filter((tag): tag is string => tag !== undefined && tag !== ''),
    ...splitEnclosures([
      ...childrenOf(item, 'enclosure').map((node) => enclosureOf(node.attrs.url, node.attrs.length, node.attrs.type, node.base)),
      ...childrenOf(item, 'media:content').map((node) => enclosureOf(node.attrs.url, node.attrs.filesize, node.attrs.type, node.base)),
      ...childrenOf(item, 'atom:link').filter((node) => node.attrs.rel === 'enclosure').map((node) => enclosureOf(node.attrs.href, node.attrs.length, node.attrs.type, node.base))
    ]),
    podcast: readItemTags(item),
    unmapped: unknownNames(item, RSS_ITEM),
    notes
  }
}

function readAtom (feed: XmlNode, source: string, notes: readonly string[]): ImportedFeed {
  const podcast = readChannelTags(feed)
  const feedDate = parseFeedDate(textOf(feed, 'atom:updated'))
  return {
    format: 'Atom 1.0',
    source,
    title: textConstruct(childOf(feed, 'atom:title'), 'text'),
    description: textConstruct(childOf(feed, 'atom:subtitle'), 'text') ?? plainText(textOf(feed, 'itunes:summary')),
    link: alternateLink(feed, 'atom:link'),
    language: feed.attrs['xml:lang'],
    copyright: textConstruct(childOf(feed, 'atom:rights'), 'text'),
    authors: childrenOf(feed, 'atom:author').map(atomPerson).filter((person): person is ImportedPerson => person !== undefined),
    imageUrl: resolveUrl(childOf(feed, 'itunes:image')?.attrs.href, feed.base) ?? resolveUrl(textOf(feed, 'atom:logo', 'atom:icon'), feed.base),
    podcast,
    items: childrenOf(feed, 'atom:entry').map((entry) => readAtomEntry(entry, feedDate)),
    older: historyLinks(feed, 'atom:link'),
    unmapped: unknownNames(feed, ATOM_FEED),
    notes
  }
}

function readAtomEntry (entry: XmlNode, feedDate: Date | undefined): ImportedItem {
  const notes: string[] = []
  const id = textOf(entry, 'atom:id')
  const link = alternateLink(entry, 'atom:link')
  const published = textOf(entry, 'atom:published')
  const updated = parseFeedDate(textOf(entry, 'atom:updated'))
  const content = childOf(entry, 'atom:content')
  if (content?.attrs.src !== undefined) notes.push(`content: out of line at ${String(resolveUrl(content.attrs.src, content.base))}; only the summary is imported`)
  const title = textConstruct(childOf(entry, 'atom:title'), 'text')
  return {
    ...identify(id === undefined ? undefined : { id, idFrom: 'id' }, link, title, published),
    title,
    link,
    date: (published === undefined ? undefined : datedOrNoted(published, 'published', notes)) ?? updated ?? fallbackDate(feedDate, notes),
    updated: published === undefined ? undefined : updated,
    summary: textConstruct(childOf(entry, 'atom:summary'), 'text'),
    html: content?.attrs.src === undefined ? textConstruct(content, 'html') ?? textConstruct(childOf(entry, 'atom:summary'), 'html') : textConstruct(childOf(entry, 'atom:summary'), 'html'),
    base: (content ?? entry).base ?? link,
    authors: childrenOf(entry, 'atom:author').map(atomPerson).filter((person): person is ImportedPerson => person !== undefined),
    tags: childrenOf(entry, 'atom:category').map((node) => node.attrs.label ?? node.attrs.term ?? '').filter((tag) => tag !== ''),
    ...splitEnclosures(childrenOf(entry, 'atom:link').filter((node) => node.attrs.rel === 'enclosure').map((node) => enclosureOf(node.attrs.href, node.attrs.length, node.attrs.type, node.base))),
    podcast: readItemTags(entry),
    unmapped: unknownNames(entry, ATOM_ENTRY),
    notes
  }
}

/** An Atom text construct (RFC 4287 §3.1) as plain text or as HTML. */
function textConstruct (node: XmlNode | undefined, as: 'text' | 'html'): string | undefined {
  if (node === undefined) return undefined
  const type = node.attrs.type ?? 'text'
  const html = type === 'xhtml' ? xhtmlOf(node) : type === 'html' || type === 'text/html' ? node.text : undefined
  if (as === 'text') return html === undefined ? node.text || undefined : htmlToText(html) || undefined
  if (html !== undefined) return html || undefined
  return node.text === '' ? undefined : textToHtml(node.text)
}

function textToHtml (text: string): string {
  return text.split(/\n\s*\n/).map((paragraph) => `<p>${paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</p>`).join('\n')
}

// RSS bodies are HTML by convention; a description in plain text with line breaks still reads well as paragraphs.
function bodyHtml (text: string): string {
  return looksLikeHtml(text) ? text : textToHtml(text)
}

// RSS titles are plain text by the spec, but many feeds put HTML (and entities) in them.
function titleText (title: string | undefined, notes: string[]): string | undefined {
  if (title === undefined || !looksLikeHtml(title)) return title
  const text = htmlToText(title)
  if (text !== title) notes.push(`title: "${title}" held HTML; imported as the text "${text}"`)
  return text || undefined
}

function plainText (text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const plain = looksLikeHtml(text) ? htmlToText(text) : text.replace(/\s+/g, ' ').trim()
  return plain === '' ? undefined : plain
}

/** The item's id: its own, else its link, else a hash of its title and date (stable from import to import). */
function identify (own: { id: string, idFrom: 'guid' | 'id' } | undefined, link: string | undefined, title: string | undefined, date: string | undefined): { id: string, idFrom: ImportedItem['idFrom'] } {
  if (own !== undefined && own.id !== '') return own
  if (link !== undefined) return { id: link, idFrom: 'link' }
  return { id: `urn:sha1:${createHash('sha1').update(`${title ?? ''}\n${date ?? ''}`).digest('hex')}`, idFrom: 'derived' }
}

function datedOrNoted (text: string | undefined, field: string, notes: string[]): Date | undefined {
  if (text === undefined) return undefined
  const date = parseFeedDate(text)
  if (date === undefined) notes.push(`${field}: "${text}" is not a date in RFC 822 or ISO 8601`)
  return date
}

function fallbackDate (feedDate: Date | undefined, notes: string[]): Date | undefined {
  if (feedDate !== undefined) notes.push(`date: none; the feed's own date ${feedDate.toISOString()} is used`)
  return feedDate
}

// "jane@example.com (Jane Doe)", the RSS 2.0 form, or just a name.
function rssPerson (value: string): ImportedPerson {
  const match = /^\s*([^\s()<>]+@[^\s()<>]+)\s*\(([^)]+)\)\s*$/.exec(value)
  if (match !== null) return { name: match[2]!.trim(), email: match[1] }
  const angle = /^\s*([^<]+?)\s*<([^>]+@[^>]+)>\s*$/.exec(value)
  if (angle !== null) return { name: angle[1]!, email: angle[2] }
  return { name: plainText(value) ?? value }
}

function atomPerson (node: XmlNode): ImportedPerson | undefined {
  const name = textOf(node, 'atom:name')
  return name === undefined ? undefined : { name, email: textOf(node, 'atom:email'), url: resolveUrl(textOf(node, 'atom:uri'), node.base) }
}

function alternateLink (node: XmlNode, name: string): string | undefined {
  const link = childrenOf(node, name).find((candidate) => (candidate.attrs.rel ?? 'alternate') === 'alternate' && (candidate.attrs.type === undefined || candidate.attrs.type.includes('html')))
  return resolveUrl(link?.attrs.href, link?.base)
}

// RFC 5005: prev-archive leads to older archive documents; `next` pages a paged feed (RFC 5005 §3, and many hosts' ?paged=2).
function historyLinks (node: XmlNode, name: string): string[] {
  return childrenOf(node, name)
    .filter((link) => link.attrs.rel === 'prev-archive' || link.attrs.rel === 'next')
    .flatMap((link) => resolveUrl(link.attrs.href, link.base) ?? [])
}

function enclosureOf (url: string | undefined, length: string | undefined, type: string | undefined, base: string | undefined): ImportedEnclosure | undefined {
  const absolute = resolveUrl(url, base)
  if (absolute === undefined) return undefined
  const bytes = Number(length)
  return { url: absolute, length: Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined, type: type?.trim().toLowerCase() || undefined }
}

// Without a type, only the file name tells audio from the images Ghost and Substack also enclose.
const PLAYABLE_EXTENSION = /\.(mp3|m4a|mp4|m4v|aac|ogg|oga|opus|wav|flac|mov|webm)$/i

function splitEnclosures (candidates: ReadonlyArray<ImportedEnclosure | undefined>): { enclosure?: ImportedEnclosure, otherEnclosures: ImportedEnclosure[] } {
  const all = candidates.filter((candidate): candidate is ImportedEnclosure => candidate !== undefined).filter(uniqueBy((enclosure) => enclosure.url))
  const playable = all.find((enclosure) => enclosure.type === undefined ? PLAYABLE_EXTENSION.test(new URL(enclosure.url).pathname) : /^(audio|video)\//.test(enclosure.type))
  return { enclosure: playable, otherEnclosures: all.filter((enclosure) => enclosure !== playable) }
}

function unknownNames (node: XmlNode, known: readonly string[]): string[] {
  return [...new Set(node.children.map((child) => child.name).filter((name) => !known.includes(name)))]
}

function uniqueBy<T> (key: (value: T) => string): (value: T, index: number, all: readonly T[]) => boolean {
  return (value, index, all) => all.findIndex((other) => key(other) === key(value)) === index
}
