import { Type, type Static } from '@sinclair/typebox'

// `expected` says in words what a field must be; schema-problems.ts turns it into "must be …".
const text = (expected = 'non-empty text') => Type.String({ minLength: 1, expected })
const httpsUrl = Type.String({ pattern: '^https://[^\\s/?#]+[^\\s]*$', expected: 'an absolute https:// URL' })
// Hubs and pings are server-to-server, and a hub on a private network may well be plain http.
const webUrl = Type.String({ pattern: '^https?://[^\\s/?#]+[^\\s]*$', expected: 'an absolute http:// or https:// URL' })
const email = Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', expected: 'an email address' })
const isoDate = Type.String({ minLength: 1, expected: 'an ISO 8601 date and time with a time zone (2023-01-27T17:00:00+01:00)' })
const mediaPath = Type.String({ minLength: 1, expected: 'the path of a file under media/' })
const positiveInteger = Type.Integer({ minimum: 1, expected: 'a whole number of 1 or more' })
const flag = Type.Boolean({ expected: 'true or false' })
const textList = Type.Array(text(), { expected: 'a list of text' })

const person = Type.Object({
  name: text(),
  email: Type.Optional(email),
  url: Type.Optional(httpsUrl)
}, { additionalProperties: false, expected: 'a person with a name (and optional email and url)' })

export const siteSchema = Type.Object({
  title: text(),
  description: text(),
  url: httpsUrl,
  language: Type.String({ pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$', expected: 'a language tag such as en or en-GB' }),
  copyright: Type.Optional(text()),
  authors: Type.Array(person, { minItems: 1, expected: 'a list of at least one author' }),
  owner: Type.Object({ name: text(), email }, { additionalProperties: false, expected: 'the owner\'s name and email' }),
  artwork: mediaPath,
  category: text('an Apple Podcasts category'),
  subcategory: Type.Optional(text('an Apple Podcasts subcategory')),
  explicit: flag,
  podcast_type: Type.Optional(Type.Union([Type.Literal('episodic'), Type.Literal('serial')], { expected: 'episodic or serial' })),
  podcast_guid: Type.Optional(Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$', expected: 'a UUID' })),
  locked: Type.Optional(flag),
  funding: Type.Optional(Type.Object({ url: httpsUrl, text: text() }, { additionalProperties: false, expected: 'a url and a text' })),
  youtube: Type.Optional(httpsUrl),
  spotify: Type.Optional(httpsUrl),
  apple_podcasts: Type.Optional(Type.String({ pattern: '^https://podcasts\\.apple\\.com/[^\\s?#]*/id[0-9]+([?#][^\\s]*)?$', expected: 'the show\'s Apple Podcasts address, such as https://podcasts.apple.com/us/podcast/name/id1234567890' })),
  feed_size: Type.Optional(positiveInteger),
  podcast_limit: Type.Optional(positiveInteger),
  hubs: Type.Optional(Type.Array(webUrl, { expected: 'a list of WebSub hub URLs' })),
  pings: Type.Optional(Type.Array(Type.String({ pattern: '^https?://[^\\s]*\\{url\\}[^\\s]*$', expected: 'a URL containing {url}, where the feed URL goes' }), { expected: 'a list of ping URLs' }))
}, { additionalProperties: false })

export type SiteFields = Static<typeof siteSchema>

export const issueSchema = Type.Object({
  title: text(),
  date: isoDate,
  summary: text(),
  tags: Type.Optional(textList),
  authors: Type.Optional(textList),
  updated: Type.Optional(isoDate),
  draft: Type.Optional(flag),
  slug: Type.Optional(Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', expected: 'a slug of lower-case letters, digits and hyphens' }))
}, { additionalProperties: false })

export type IssueFields = Static<typeof issueSchema>

const remoteAudio = Type.Object({
  url: httpsUrl,
  length: positiveInteger,
  type: Type.String({ pattern: '^(audio|video)/[a-z0-9.+-]+$', expected: 'an audio or video MIME type such as audio/mpeg' }),
  duration: Type.Optional(Type.Number({ exclusiveMinimum: 0, expected: 'a duration in seconds' }))
}, { additionalProperties: false, expected: 'a file under media/, or { url, length, type, duration } for remote audio' })

export const episodeSchema = Type.Object({
  issue: Type.Optional(text('the slug of an issue')),
  title: Type.Optional(text()),
  date: Type.Optional(isoDate),
  summary: Type.Optional(text()),
  audio: Type.Union([mediaPath, remoteAudio], { expected: 'a file under media/, or { url, length, type, duration } for remote audio' }),
  youtube: Type.Optional(httpsUrl),
  spotify: Type.Optional(httpsUrl),
  season: Type.Optional(positiveInteger),
  episode: Type.Optional(positiveInteger),
  episode_type: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('trailer'), Type.Literal('bonus')], { expected: 'full, trailer or bonus' })),
  explicit: Type.Optional(flag),
  transcript: Type.Optional(mediaPath),
  chapters: Type.Optional(mediaPath),
  guid: Type.Optional(text('a GUID that never changes'))
}, { additionalProperties: false })

export type EpisodeFields = Static<typeof episodeSchema>
