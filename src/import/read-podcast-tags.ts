import type { ImportedLinkedFile, ImportedPodcastPerson, PodcastChannelTags, PodcastItemTags } from './imported-feed.ts'
import { childOf, childrenOf, resolveUrl, textOf, type XmlNode } from './xml-tree.ts'

/** The iTunes and Podcasting 2.0 elements read from a channel or item, by name; the rest is reported. */
export const PODCAST_CHANNEL_ELEMENTS = ['itunes:owner', 'itunes:author', 'itunes:category', 'itunes:explicit', 'itunes:type', 'itunes:image', 'itunes:summary', 'itunes:subtitle', 'itunes:new-feed-url', 'itunes:complete', 'podcast:locked', 'podcast:guid', 'podcast:funding', 'podcast:person', 'podcast:medium', 'podcast:license', 'podcast:updatefrequency', 'podcast:location']
export const PODCAST_ITEM_ELEMENTS = ['itunes:duration', 'itunes:season', 'itunes:episode', 'itunes:episodetype', 'itunes:explicit', 'itunes:image', 'itunes:title', 'itunes:summary', 'itunes:subtitle', 'itunes:author', 'itunes:block', 'podcast:transcript', 'podcast:chapters', 'podcast:person', 'podcast:season', 'podcast:episode']

/** Reads a channel's iTunes and Podcasting 2.0 tags. */
export function readChannelTags (channel: XmlNode): PodcastChannelTags {
  const owner = childOf(channel, 'itunes:owner')
  const category = childOf(channel, 'itunes:category')
  return {
    ownerName: textOf(owner, 'itunes:name'),
    ownerEmail: textOf(owner, 'itunes:email'),
    author: textOf(channel, 'itunes:author'),
    category: category?.attrs.text,
    subcategory: childOf(category, 'itunes:category')?.attrs.text,
    explicit: yesNo(textOf(channel, 'itunes:explicit')),
    type: textOf(channel, 'itunes:type')?.toLowerCase(),
    locked: yesNo(textOf(channel, 'podcast:locked')),
    guid: textOf(channel, 'podcast:guid'),
    funding: childrenOf(channel, 'podcast:funding').flatMap((node) => {
      const url = resolveUrl(node.attrs.url, node.base)
      return url === undefined ? [] : [{ url, text: node.text || undefined }]
    }),
    persons: readPersons(channel),
    medium: textOf(channel, 'podcast:medium'),
    license: textOf(channel, 'podcast:license') ?? childOf(channel, 'podcast:license')?.attrs.url,
    updateFrequency: readUpdateFrequency(childOf(channel, 'podcast:updatefrequency')),
    location: textOf(channel, 'podcast:location'),
    newFeedUrl: textOf(channel, 'itunes:new-feed-url'),
    complete: yesNo(textOf(channel, 'itunes:complete'))
  }
}

/** Reads an item's iTunes and Podcasting 2.0 tags. */
export function readItemTags (item: XmlNode): PodcastItemTags {
  const chapters = childOf(item, 'podcast:chapters')
  const chaptersUrl = resolveUrl(chapters?.attrs.url, chapters?.base)
  return {
    duration: parseDuration(textOf(item, 'itunes:duration')),
    season: wholeNumber(textOf(item, 'itunes:season', 'podcast:season')),
    episode: wholeNumber(textOf(item, 'itunes:episode', 'podcast:episode')),
    episodeType: textOf(item, 'itunes:episodetype')?.toLowerCase(),
    explicit: yesNo(textOf(item, 'itunes:explicit')),
    image: resolveUrl(childOf(item, 'itunes:image')?.attrs.href, item.base),
    transcripts: childrenOf(item, 'podcast:transcript').flatMap((node): ImportedLinkedFile[] => {
      const url = resolveUrl(node.attrs.url, node.base)
      return url === undefined ? [] : [{ url, type: node.attrs.type, language: node.attrs.language, rel: node.attrs.rel }]
    }),
    chapters: chaptersUrl === undefined ? undefined : { url: chaptersUrl, type: chapters?.attrs.type },
    persons: readPersons(item),
    block: yesNo(textOf(item, 'itunes:block'))
  }
}

function readPersons (node: XmlNode): ImportedPodcastPerson[] {
  return childrenOf(node, 'podcast:person').filter((person) => person.text !== '').map((person) => ({
    name: person.text,
    role: person.attrs.role,
    group: person.attrs.group,
    img: resolveUrl(person.attrs.img, person.base),
    href: resolveUrl(person.attrs.href, person.base)
  }))
}

/** itunes:explicit and friends: yes/true/explicit, or no/false/clean. */
export function yesNo (value: string | undefined): boolean | undefined {
  const text = value?.trim().toLowerCase()
  if (text === 'yes' || text === 'true' || text === 'explicit') return true
  if (text === 'no' || text === 'false' || text === 'clean') return false
  return undefined
}

/** itunes:duration as seconds: `3600`, `59:59`, `1:02:03`, or with a fraction. */
export function parseDuration (value: string | undefined): number | undefined {
  if (value === undefined || !/^\d+(:\d{1,2}){0,2}(\.\d+)?$/.test(value.trim())) return undefined
  const seconds = value.trim().split(':').reduce((total, part) => total * 60 + Number(part), 0)
  return seconds > 0 ? Math.round(seconds) : undefined
}

function wholeNumber (value: string | undefined): number | undefined {
  const number = Number(value)
  return value !== undefined && Number.isInteger(number) && number > 0 ? number : undefined
}

function readUpdateFrequency (node: XmlNode | undefined): ImportedUpdateFrequency | undefined {
  const text = node?.text.trim()
  if (node === undefined || text === undefined || text === '') return undefined
  return { text, rrule: node.attrs.rrule || undefined, dtstart: node.attrs.dtstart || undefined, complete: node.attrs.complete === undefined ? undefined : node.attrs.complete === 'true' }
}

type ImportedUpdateFrequency = NonNullable<PodcastChannelTags['updateFrequency']>
