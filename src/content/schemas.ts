import { Type, type Static, type TSchema } from '@sinclair/typebox'
import { LIMITS } from './limits.ts'
import { URL_FORMATS, VISIBLE_TEXT } from './text-formats.ts'

// `expected` says in words what a field must be; schema-problems.ts turns it into "must be …".
const text = (expected = 'non-empty text') => Type.String({ minLength: 1, maxLength: LIMITS.textCharacters, format: VISIBLE_TEXT, expected })
const longText = (expected = 'non-empty text') => Type.String({ minLength: 1, maxLength: LIMITS.longTextCharacters, format: VISIBLE_TEXT, expected })
const httpsUrl = Type.String({ maxLength: LIMITS.urlCharacters, format: URL_FORMATS.https, expected: 'an absolute https:// URL' })
// Hubs and pings are server-to-server, and a hub on a private network may well be plain http.
const webUrl = Type.String({ maxLength: LIMITS.urlCharacters, format: URL_FORMATS.web, expected: 'an absolute http:// or https:// URL' })
const email = Type.String({ pattern: '^[^\\s\\x00-\\x1f\\x7f-\\x9f@]+@[^\\s\\x00-\\x1f\\x7f-\\x9f@]+\\.[^\\s\\x00-\\x1f\\x7f-\\x9f@]+$', expected: 'an email address' })
const isoDate = Type.String({ minLength: 1, expected: 'an ISO 8601 date and time with a time zone (2023-01-27T17:00:00+01:00)' })
const mediaPath = Type.String({ minLength: 1, maxLength: LIMITS.textCharacters, expected: 'the path of a file under media/' })
// Up to the largest integer a number holds exactly: larger ones are printed as 1e+30 in feeds.
const positiveInteger = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, expected: 'a whole number of 1 or more' })
const flag = Type.Boolean({ expected: 'true or false' })
const textList = Type.Array(text(), { maxItems: LIMITS.listItems, expected: 'a list of text' })

const uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', expected: 'a UUID' })
const seconds = Type.Number({ minimum: 0, expected: 'a time in seconds' })
const positiveSeconds = Type.Number({ exclusiveMinimum: 0, expected: 'a duration in seconds, more than 0' })
const languageTag = Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', expected: 'a language tag such as en or en-GB' })
// The namespace caps display strings at 128 characters; aggregators truncate longer ones.
const shortText = (expected = 'non-empty text of at most 128 characters') => Type.String({ minLength: 1, maxLength: 128, expected })
const slug = (expected: string) => Type.String({ pattern: '^[a-z0-9][a-z0-9._-]*$', expected })
// A list, or one item written on its own: `funding: { … }` and `funding: [{ … }]` both work.
const oneOrMany = <T extends TSchema>(item: T, expected: string) => Type.Union([item, Type.Array(item)], { expected })

/** `persons:` (site.yaml and episodes): `podcast:person`. Role and group are checked against the taxonomy in the loader. */
const podcastPerson = Type.Object({
  name: shortText(),
  role: Type.Optional(text('a role from the Podcast Taxonomy (host, guest, producer, …)')),
  group: Type.Optional(text('a group from the Podcast Taxonomy (cast, writing, …)')),
  img: Type.Optional(Type.String({ minLength: 1, expected: 'an https:// URL or the path of an image under media/' })),
  href: Type.Optional(httpsUrl)
}, { additionalProperties: false, expected: 'a person: { name, role?, group?, img?, href? }' })
const persons = Type.Array(podcastPerson, { expected: 'a list of persons: { name, role?, group?, img?, href? }' })

const funding = Type.Object({ url: httpsUrl, text: shortText() }, { additionalProperties: false, expected: 'a url and a text' })
const license = Type.Union([
  shortText('a license identifier such as cc-by-4.0'),
  Type.Object({ name: shortText('a license identifier such as cc-by-4.0'), url: Type.Optional(httpsUrl) }, { additionalProperties: false })
], { expected: 'a license identifier such as cc-by-4.0, or { name, url } for a custom license' })
const location = Type.Union([
  shortText('a place name'),
  Type.Object({
    name: shortText('a place name'),
    rel: Type.Optional(Type.Union([Type.Literal('subject'), Type.Literal('creator')], { expected: 'subject (what it is about) or creator (where it is made)' })),
    geo: Type.Optional(Type.String({ pattern: '^geo:-?\\d{1,2}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?(,-?\\d+(\\.\\d+)?)?(;[a-z0-9=.-]+)*$', expected: 'a geo: URI such as geo:51.5072,-0.1276' })),
    osm: Type.Optional(Type.String({ pattern: '^[NWR][0-9]+$', expected: 'an OpenStreetMap type letter and id such as R113314' })),
    country: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', expected: 'a two-letter country code such as GB' }))
  }, { additionalProperties: false })
], { expected: 'a place name, or { name, rel?, geo?, osm?, country? }' })
const remoteItem = Type.Object({
  feed_guid: uuid,
  feed_url: Type.Optional(webUrl),
  item_guid: Type.Optional(text('the GUID of an item of that feed')),
  medium: Type.Optional(text('a podcast:medium such as music')),
  title: Type.Optional(shortText())
}, { additionalProperties: false, expected: 'a feed: { feed_guid, feed_url?, item_guid?, medium?, title? }' })
const valueRecipient = Type.Object({
  name: Type.Optional(shortText()),
  type: slug('an address type such as node or lnaddress'),
  address: text('the receiving address'),
  split: Type.Integer({ minimum: 0, expected: 'a whole number of shares' }),
  fee: Type.Optional(flag),
  custom_key: Type.Optional(text()),
  custom_value: Type.Optional(text())
}, { additionalProperties: false, expected: 'a recipient: { name?, type, address, split, fee? }' })
const valueBlock = Type.Object({
  type: slug('a service slug such as lightning'),
  method: slug('a method such as keysend'),
  suggested: Type.Optional(Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?$', expected: 'a suggested amount such as 0.00000005000' })),
  recipients: Type.Array(valueRecipient, { minItems: 1, expected: 'a list of at least one recipient' }),
  time_splits: Type.Optional(Type.Array(Type.Object({
    start_time: seconds,
    duration: positiveSeconds,
    remote_start_time: Type.Optional(seconds),
    remote_percentage: Type.Optional(Type.Number({ minimum: 0, maximum: 100, expected: 'a percentage from 0 to 100' })),
    recipients: Type.Optional(Type.Array(valueRecipient, { minItems: 1, expected: 'a list of recipients' })),
    remote_item: Type.Optional(remoteItem)
  }, { additionalProperties: false, expected: 'a time split: { start_time, duration, recipients or remote_item }' }), { expected: 'a list of time splits' }))
}, { additionalProperties: false, expected: 'a value block: { type, method, suggested?, recipients, time_splits? }' })
const txt = Type.Union([
  Type.String({ minLength: 1, maxLength: 4000, expected: 'text of at most 4000 characters' }),
  Type.Object({ text: Type.String({ minLength: 1, maxLength: 4000, expected: 'text of at most 4000 characters' }), purpose: Type.Optional(shortText('a purpose such as verify')) }, { additionalProperties: false })
], { expected: 'a text, or { purpose, text }' })
const socialInteract = Type.Union([
  Type.Literal('disabled'),
  Type.Object({
    protocol: slug('a protocol such as activitypub, atproto or nostr'),
    uri: Type.String({ pattern: '^[a-z][a-z0-9+.-]*:\\S+$', expected: 'the URI of the root post' }),
    account_id: Type.Optional(text()),
    account_url: Type.Optional(httpsUrl),
    priority: Type.Optional(Type.Integer({ minimum: 0, expected: 'a whole number (lower comes first)' }))
  }, { additionalProperties: false })
], { expected: 'disabled, or { protocol, uri, account_id?, account_url?, priority? }' })
const chat = Type.Object({
  server: Type.String({ pattern: '^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+$', expected: 'the domain name of the chat server' }),
  protocol: slug('a chat protocol such as irc, xmpp, matrix or nostr'),
  account_id: Type.Optional(text()),
  space: Type.Optional(text())
}, { additionalProperties: false, expected: 'a chat: { server, protocol, account_id?, space? }' })

/** The namespace fields a channel and an item share. */
const sharedPodcastFields = {
  persons: Type.Optional(persons),
  license: Type.Optional(license),
  location: Type.Optional(oneOrMany(location, 'a place name, or { name, rel? (subject or creator), geo? (geo:51.5,-0.12), osm? (R113314), country? (GB) }, or a list of them')),
  value: Type.Optional(oneOrMany(valueBlock, 'a value block, or a list of them')),
  txt: Type.Optional(oneOrMany(txt, 'a text, or a list of { purpose, text }')),
  social_interact: Type.Optional(oneOrMany(socialInteract, 'a root post, or a list of them')),
  chat: Type.Optional(chat)
}

const person = Type.Object({
  name: text(),
  email: Type.Optional(email),
  url: Type.Optional(httpsUrl)
}, { additionalProperties: false, expected: 'a person with a name (and optional email and url)' })

export const siteSchema = Type.Object({
  title: text(),
  description: longText(),
  url: httpsUrl,
  language: languageTag,
  copyright: Type.Optional(text()),
  authors: Type.Array(person, { minItems: 1, maxItems: LIMITS.listItems, expected: 'a list of at least one author' }),
  // The podcast fields: required once there are episodes (load-site.ts says so, naming each).
  owner: Type.Optional(Type.Object({ name: text(), email }, { additionalProperties: false, expected: 'the owner\'s name and email' })),
  artwork: Type.Optional(mediaPath),
  category: Type.Optional(text('an Apple Podcasts category')),
  subcategory: Type.Optional(text('an Apple Podcasts subcategory')),
  explicit: Type.Optional(flag),
  podcast_type: Type.Optional(Type.Union([Type.Literal('episodic'), Type.Literal('serial')], { expected: 'episodic or serial' })),
  podcast_guid: Type.Optional(uuid),
  locked: Type.Optional(flag),
  funding: Type.Optional(oneOrMany(funding, 'a { url, text } with an https:// url, or a list of them')),
  ...sharedPodcastFields,
  medium: Type.Optional(text('a podcast:medium')),
  update_frequency: Type.Optional(Type.Object({
    text: shortText('what a listener reads, such as Weekly'),
    rrule: Type.Optional(Type.String({ minLength: 1, expected: 'an iCalendar recurrence rule such as FREQ=WEEKLY;BYDAY=FR' })),
    dtstart: Type.Optional(isoDate),
    complete: Type.Optional(flag)
  }, { additionalProperties: false, expected: '{ text, rrule?, dtstart?, complete? }' })),
  podroll: Type.Optional(Type.Array(remoteItem, { minItems: 1, expected: 'a list of feeds: { feed_guid, feed_url?, title? }' })),
  publisher: Type.Optional(remoteItem),
  block: Type.Optional(Type.Union([
    flag,
    Type.Object({
      only: Type.Optional(Type.Array(text('a service slug'), { minItems: 1 })),
      except: Type.Optional(Type.Array(text('a service slug'), { minItems: 1 }))
    }, { additionalProperties: false })
  ], { expected: 'true (every platform), { only: [slugs] }, or { except: [slugs] }' })),
  new_feed_url: Type.Optional(httpsUrl),
  previous_feed_urls: Type.Optional(Type.Array(webUrl, { minItems: 1, expected: 'a list of the URLs the podcast feed had before' })),
  youtube: Type.Optional(httpsUrl),
  spotify: Type.Optional(httpsUrl),
  apple_podcasts: Type.Optional(Type.String({ pattern: '^https://podcasts\\.apple\\.com/[^\\s?#]*/id[0-9]+([?#][^\\s]*)?$', expected: 'the show\'s Apple Podcasts address, such as https://podcasts.apple.com/us/podcast/name/id1234567890' })),
  feed_size: Type.Optional(positiveInteger),
  podcast_limit: Type.Optional(positiveInteger),
  hubs: Type.Optional(Type.Array(webUrl, { maxItems: LIMITS.listItems, expected: 'a list of WebSub hub URLs' })),
  pings: Type.Optional(Type.Array(Type.String({ maxLength: LIMITS.urlCharacters, format: URL_FORMATS.ping, expected: 'an http:// or https:// URL containing {url}, where the feed URL goes' }), { maxItems: LIMITS.listItems, expected: 'a list of ping URLs' }))
}, { additionalProperties: false })

export type SiteFields = Static<typeof siteSchema>

export const issueSchema = Type.Object({
  title: text(),
  date: isoDate,
  summary: Type.Optional(longText()),
  tags: Type.Optional(textList),
  authors: Type.Optional(textList),
  updated: Type.Optional(isoDate),
  draft: Type.Optional(flag),
  slug: Type.Optional(Type.String({ maxLength: LIMITS.textCharacters, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', expected: 'a slug of lower-case letters, digits and hyphens' })),
  // Kept from another host by `feedwright import`, so readers do not see old issues as new.
  id: Type.Optional(text('an id that never changes'))
}, { additionalProperties: false })

export type IssueFields = Static<typeof issueSchema>

const remoteAudio = Type.Object({
  url: httpsUrl,
  length: positiveInteger,
  type: Type.String({ pattern: '^(audio|video)/[a-z0-9.+-]+$', expected: 'an audio or video MIME type such as audio/mpeg' }),
  duration: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER, expected: 'a duration in seconds' }))
}, { additionalProperties: false, expected: 'a file under media/, or { url, length, type, duration } for remote audio' })

const transcript = Type.Union([
  mediaPath,
  Type.Object({
    path: Type.Optional(mediaPath),
    url: Type.Optional(httpsUrl),
    type: Type.Optional(Type.String({ pattern: '^[a-z]+/[a-z0-9.+-]+$', expected: 'a MIME type such as text/vtt' })),
    language: Type.Optional(languageTag),
    rel: Type.Optional(Type.Literal('captions', { expected: 'captions' }))
  }, { additionalProperties: false })
], { expected: 'a transcript file under media/, or { url, type, language?, rel? } (or { path, language? })' })

const alternateEnclosure = Type.Object({
  path: Type.Optional(mediaPath),
  url: Type.Optional(httpsUrl),
  type: Type.Optional(Type.String({ pattern: '^(audio|video|application)/[a-zA-Z0-9.+-]+$', expected: 'a MIME type such as audio/opus' })),
  length: Type.Optional(Type.Integer({ minimum: 0, expected: 'a size in bytes' })),
  bitrate: Type.Optional(Type.Number({ exclusiveMinimum: 0, expected: 'bits per second' })),
  height: Type.Optional(positiveInteger),
  lang: Type.Optional(languageTag),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 32, expected: 'a title of at most 32 characters' })),
  rel: Type.Optional(Type.String({ minLength: 1, maxLength: 32, expected: 'a group name of at most 32 characters' })),
  codecs: Type.Optional(text('an RFC 6381 codecs string such as opus')),
  default: Type.Optional(flag),
  sources: Type.Optional(Type.Array(Type.Union([
    Type.String({ pattern: '^[a-z][a-z0-9+.-]*:\\S+$', expected: 'a URI (https:, ipfs:, magnet:, …)' }),
    Type.Object({ uri: Type.String({ pattern: '^[a-z][a-z0-9+.-]*:\\S+$', expected: 'a URI' }), content_type: Type.Optional(text('a MIME type')) }, { additionalProperties: false })
  ], { expected: 'a URI, or { uri, content_type }' }), { expected: 'a list of other places the file is' })),
  integrity: Type.Optional(Type.Object({
    type: Type.Union([Type.Literal('sri'), Type.Literal('pgp-signature')], { expected: 'sri or pgp-signature' }),
    value: text('the SRI string or base64 signature')
  }, { additionalProperties: false, expected: '{ type, value }' }))
}, { additionalProperties: false, expected: 'another file of the episode: { path } under media/, or { url, type, length }' })

export const episodeSchema = Type.Object({
  issue: Type.Optional(text('the slug of an issue')),
  title: Type.Optional(text()),
  date: Type.Optional(isoDate),
  summary: Type.Optional(longText()),
  audio: Type.Union([mediaPath, remoteAudio], { expected: 'a file under media/, or { url, length, type, duration } for remote audio' }),
  youtube: Type.Optional(httpsUrl),
  spotify: Type.Optional(httpsUrl),
  season: Type.Optional(positiveInteger),
  episode: Type.Optional(positiveInteger),
  episode_type: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('trailer'), Type.Literal('bonus')], { expected: 'full, trailer or bonus' })),
  explicit: Type.Optional(flag),
  transcript: Type.Optional(oneOrMany(transcript, 'a transcript file under media/, { url, type, language?, rel? }, or a list of them')),
  chapters: Type.Optional(Type.Union([mediaPath, Type.Object({ url: httpsUrl, type: Type.Optional(Type.Literal('application/json+chapters', { expected: 'application/json+chapters' })) }, { additionalProperties: false })], { expected: 'a JSON Chapters file under media/, or { url, type }' })),
  guid: Type.Optional(text('a GUID that never changes')),
  ...sharedPodcastFields,
  image: Type.Optional(Type.String({ minLength: 1, expected: 'an image under media/ or an https:// URL' })),
  content_links: Type.Optional(Type.Array(Type.Object({ url: httpsUrl, label: shortText('what a listener reads, such as Watch on PeerTube') }, { additionalProperties: false, expected: '{ url, label }' }), { expected: 'a list of { url, label }' })),
  soundbites: Type.Optional(Type.Array(Type.Object({
    start: seconds,
    duration: positiveSeconds,
    title: Type.Optional(shortText())
  }, { additionalProperties: false, expected: '{ start, duration, title? } in seconds' }), { expected: 'a list of { start, duration, title? }' })),
  alternate_enclosures: Type.Optional(Type.Array(alternateEnclosure, { expected: 'a list of other files of this episode' })),
  previous_audio_url: Type.Optional(Type.String({ minLength: 1, expected: 'the enclosure URL published before (as in content/published.lock)' }))
}, { additionalProperties: false })

export type EpisodeFields = Static<typeof episodeSchema>
