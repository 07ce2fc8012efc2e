import { createHash } from 'node:crypto'
import { parseFeedDate } from './feed-dates.ts'
import { htmlToText } from './html-to-markdown.ts'
import type { ImportedEnclosure, ImportedFeed, ImportedItem, ImportedPerson, PodcastChannelTags, PodcastItemTags } from './imported-feed.ts'
import { resolveUrl } from './xml-tree.ts'

const FEED_KEYS = ['version', 'title', 'home_page_url', 'feed_url', 'description', 'user_comment', 'next_url', 'icon', 'favicon', 'author', 'authors', 'language', 'expired', 'hubs', 'items']
const ITEM_KEYS = ['id', 'url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image', 'banner_image', 'date_published', 'date_modified', 'author', 'authors', 'tags', 'language', 'attachments']

const NO_CHANNEL_TAGS: PodcastChannelTags = { funding: [], persons: [] }
const NO_ITEM_TAGS: PodcastItemTags = { transcripts: [], persons: [] }

type Json = Record<string, unknown>

/** Reads a JSON Feed 1.0 or 1.1 document; undefined when the object is not a JSON Feed. */
export function readJsonFeed (feed: Json, source: string, documentUrl: string | undefined): ImportedFeed | undefined {
  const version = typeof feed.version === 'string' ? feed.version : ''
  if (!version.startsWith('https://jsonfeed.org/version/')) return undefined
  const base = documentUrl ?? str(feed.feed_url)
  const items = Array.isArray(feed.items) ? feed.items.filter(isObject) : []
  return {
    format: version.endsWith('/1') ? 'JSON Feed 1.0' : 'JSON Feed 1.1',
    source,
    title: str(feed.title),
    description: str(feed.description),
    link: resolveUrl(str(feed.home_page_url), base),
    language: str(feed.language),
    authors: people(feed, base),
    imageUrl: resolveUrl(str(feed.icon), base),
    podcast: NO_CHANNEL_TAGS,
    items: items.map((item) => readItem(item, base)),
    older: [resolveUrl(str(feed.next_url), base)].filter((url): url is string => url !== undefined),
    unmapped: Object.keys(feed).filter((key) => !FEED_KEYS.includes(key)),
    notes: []
  }
}

function readItem (item: Json, base: string | undefined): ImportedItem {
  const notes: string[] = []
  const id = typeof item.id === 'number' ? String(item.id) : str(item.id)
  const link = resolveUrl(str(item.url), base)
  const datePublished = str(item.date_published)
  const date = parseFeedDate(datePublished)
  if (datePublished !== undefined && date === undefined) notes.push(`date_published: "${datePublished}" is not an RFC 3339 date`)
  const attachments = Array.isArray(item.attachments) ? item.attachments.filter(isObject) : []
  const enclosures = attachments.flatMap((attachment): Array<ImportedEnclosure & { duration?: number }> => {
    const url = resolveUrl(str(attachment.url), base)
    if (url === undefined) return []
    const size = attachment.size_in_bytes
    const duration = attachment.duration_in_seconds
    return [{ url, type: str(attachment.mime_type)?.toLowerCase(), length: typeof size === 'number' && Number.isSafeInteger(size) && size > 0 ? size : undefined, duration: typeof duration === 'number' && duration > 0 ? Math.round(duration) : undefined }]
  })
  const playable = enclosures.find((enclosure) => enclosure.type === undefined || /^(audio|video)\//.test(enclosure.type))
  const text = str(item.content_text)
  const title = str(item.title)
  return {
    id: id ?? link ?? `urn:sha1:${createHash('sha1').update(`${title ?? ''}\n${datePublished ?? ''}`).digest('hex')}`,
    idFrom: id !== undefined ? 'id' : link !== undefined ? 'link' : 'derived',
    title,
    link,
    date,
    updated: parseFeedDate(str(item.date_modified)),
    summary: str(item.summary),
    html: str(item.content_html) ?? (text === undefined ? undefined : text.split(/\n\s*\n/).map((paragraph) => `<p>${paragraph.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</p>`).join('\n')),
    // JSON Feed has no xml:base; its content is a copy of the item's page, so links in it are relative to that page.
    base: link ?? base,
    authors: people(item, base),
    tags: Array.isArray(item.tags) ? item.tags.filter((tag): tag is string => typeof tag === 'string' && tag.trim() !== '') : [],
    enclosure: playable === undefined ? undefined : { url: playable.url, type: playable.type, length: playable.length },
    otherEnclosures: enclosures.filter((enclosure) => enclosure !== playable),
    podcast: { ...NO_ITEM_TAGS, duration: playable?.duration },
    unmapped: Object.keys(item).filter((key) => !ITEM_KEYS.includes(key)),
    notes
  }
}

// JSON Feed 1.1 `authors`, or 1.0's single `author`.
function people (object: Json, base: string | undefined): ImportedPerson[] {
  const list = Array.isArray(object.authors) ? object.authors : isObject(object.author) ? [object.author] : []
  return list.filter(isObject).flatMap((person) => {
    const name = str(person.name)
    return name === undefined ? [] : [{ name: htmlToText(name) || name, url: resolveUrl(str(person.url), base) }]
  })
}

function str (value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
}

function isObject (value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
