/**
 * The one model every output is rendered from. Everything here is validated, cleaned of characters
 * XML 1.0 forbids, and frozen; URLs are absolute; lists are in publishing order (newest first).
 */

export interface Person {
  readonly name: string
  readonly email?: string
  readonly url?: string
}

/** A file under `media/` or elsewhere on the web, as an enclosure or link needs it. */
export interface MediaFile {
  /** Absolute URL the file is served at. */
  readonly url: string
  /** The true MIME type (read from the file where it is local). */
  readonly type: string
  /** Exact size in bytes: the enclosure `length`, JSON Feed `size_in_bytes`. */
  readonly length: number
  /** Path relative to `media/` when the file is local; absent for remote files. */
  readonly path?: string
}

/** The episode's audio: the enclosure of RSS and the podcast feed, the Atom enclosure link, the JSON Feed attachment. */
export interface Audio extends MediaFile {
  /** Whole seconds, read from the file: `itunes:duration`, JSON Feed `duration_in_seconds`. Absent when unknown (remote audio without a declared duration). */
  readonly durationSeconds?: number
}

export interface Artwork extends MediaFile {
  readonly width: number
  readonly height: number
  /** The artwork made small for browsers, by size in pixels: `favicon.ico`, the touch and home screen icons. Absent only in models built by hand. */
  readonly icons?: Icons
}

/** The sizes browsers ask for: 16, 32 and 48 in `favicon.ico`, 180 for iOS's home screen, 192 and 512 for Android's. */
export const ICON_SIZES = [16, 32, 48, 180, 192, 512] as const
export type IconSize = typeof ICON_SIZES[number]

/** PNG images, base64-encoded so the model stays plain, frozen data. */
export type Icons = Readonly<Record<IconSize, string>>

export type PodcastType = 'episodic' | 'serial'
export type EpisodeType = 'full' | 'trailer' | 'bonus'

export interface Site {
  readonly title: string
  readonly description: string
  /** Public base URL, always ending in `/`; every other URL is built from it. */
  readonly url: string
  /** BCP 47 language tag: RSS `language`, Atom `xml:lang`, JSON Feed `language`. */
  readonly language: string
  readonly copyright?: string
  readonly authors: readonly Person[]
  /** `itunes:owner`: who Apple contacts about the show. */
  readonly owner: { readonly name: string, readonly email: string }
  /** `itunes:image`, RSS `image`, Atom `logo`, JSON Feed `icon`. */
  readonly artwork: Artwork
  /** `itunes:category text=` and its nested subcategory. */
  readonly category: { readonly name: string, readonly subcategory?: string }
  /** `itunes:explicit`. */
  readonly explicit: boolean
  /** `itunes:type`. */
  readonly podcastType: PodcastType
  /** `podcast:guid`: pinned in site.yaml, or UUIDv5 of the podcast feed URL. */
  readonly podcastGuid: string
  /** `podcast:locked`. */
  readonly locked: boolean
  /** `podcast:funding`. */
  readonly funding?: { readonly url: string, readonly text: string }
  /** The show's YouTube channel and Spotify show pages. */
  readonly youtube?: string
  readonly spotify?: string
  /** The show's id in Apple Podcasts (the digits of its podcasts.apple.com URL): links to it in Apple Podcasts, Overcast and Pocket Casts. */
  readonly applePodcastsId?: string
  /** Issues in the main RSS, Atom and JSON Feed; older ones are on archive pages. */
  readonly feedSize: number
  /** Episodes in the podcast feed; absent means every episode, as podcast apps expect. */
  readonly podcastLimit?: number
  /** WebSub hubs: advertised as `rel="hub"` in every feed and notified when a feed changes. */
  readonly hubs: readonly string[]
  /** Ping URL templates; `{url}` is replaced by the changed feed's URL, percent-encoded. */
  readonly pings: readonly string[]
}

export interface Episode {
  /** File name without `.md`; names the episode page when it has no issue. */
  readonly slug: string
  /** Never changes once published: RSS `guid isPermaLink="false"` of the podcast feed. */
  readonly guid: string
  /** Slug of the issue this episode goes with, if any. */
  readonly issueSlug?: string
  readonly title: string
  readonly date: Date
  readonly summary: string
  /** Sanitized HTML show notes with absolute links: the episode's own body, or else its issue's. */
  readonly showNotesHtml: string
  /** The page the item `link` points at: the issue's page, or the episode's own. */
  readonly url: string
  readonly audio: Audio
  readonly youtube?: string
  readonly spotify?: string
  readonly season?: number
  readonly episode?: number
  readonly episodeType: EpisodeType
  readonly explicit: boolean
  /** `podcast:transcript`. */
  readonly transcript?: MediaFile
  /** `podcast:chapters` (JSON Chapters). */
  readonly chapters?: MediaFile
}

export interface Issue {
  readonly slug: string
  /** Stable item id: RSS `guid`, Atom `id`, JSON Feed `id` (a `urn:uuid:`). */
  readonly id: string
  readonly title: string
  readonly date: Date
  readonly updated?: Date
  readonly summary: string
  readonly tags: readonly string[]
  readonly authors: readonly Person[]
  /** Sanitized HTML of the body, with absolute links. */
  readonly html: string
  /** Absolute URL of the issue's HTML page: every feed's item link. */
  readonly url: string
  readonly episode?: Episode
}

export interface FeedUrls {
  readonly rss: string
  readonly atom: string
  readonly jsonFeed: string
  readonly podcast: string
}

export interface Publication {
  readonly site: Site
  /** Published issues, newest first; drafts are never here. */
  readonly issues: readonly Issue[]
  /** Every episode, with or without an issue, newest first. */
  readonly episodes: readonly Episode[]
  /** The newest date in the content: a fallback for documents without items. Never the clock;
   * each feed document's own date is the newest of its items (see feed-views.ts). */
  readonly updated: Date
  readonly feedUrls: FeedUrls
}
