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

/** `podcast:person`: someone who makes the show or an episode, with a role and group from the Podcast Taxonomy. */
export interface PodcastPerson {
  readonly name: string
  /** A taxonomy role in lower case (`host`, `guest`, `cover art designer`). */
  readonly role: string
  /** A taxonomy group in lower case (`cast`, `visuals`). */
  readonly group: string
  /** `img`: an absolute URL of a picture of the person. */
  readonly img?: string
  /** `href`: a page about the person. */
  readonly href?: string
}

/** `podcast:funding`: where listeners can support the show. */
export interface Funding {
  readonly url: string
  readonly text: string
}

/** `podcast:license`: a license identifier (`cc-by-4.0`) or a custom name, and where its text is. */
export interface License {
  readonly name: string
  readonly url?: string
}

/** `podcast:location`: where the show or episode is about (`subject`) or made (`creator`). */
export interface Location {
  readonly name: string
  readonly rel?: 'subject' | 'creator'
  /** A geo: URI (RFC 5870), `geo:51.5,-0.12`. */
  readonly geo?: string
  /** An OpenStreetMap object: its type letter and id, `R113314`. */
  readonly osm?: string
  /** ISO 3166-1 alpha-2, upper case. */
  readonly country?: string
}

/** `podcast:remoteItem`: a pointer to another feed (or one of its items) by its `podcast:guid`. */
export interface RemoteItem {
  readonly feedGuid: string
  readonly feedUrl?: string
  readonly itemGuid?: string
  readonly medium?: string
  readonly title?: string
}

/** `podcast:valueRecipient`: who receives a share of a payment. */
export interface ValueRecipient {
  readonly name?: string
  readonly type: string
  readonly address: string
  /** Shares of each payment, relative to the other recipients' splits. */
  readonly split: number
  readonly fee: boolean
  readonly customKey?: string
  readonly customValue?: string
}

/** `podcast:valueTimeSplit`: other recipients for a stretch of the audio. */
export interface ValueTimeSplit {
  readonly startTime: number
  readonly duration: number
  readonly remoteStartTime?: number
  readonly remotePercentage?: number
  /** Either recipients or one remote item. */
  readonly recipients: readonly ValueRecipient[]
  readonly remoteItem?: RemoteItem
}

/** `podcast:value`: how listeners' apps stream payments, and to whom. */
export interface ValueBlock {
  /** A service slug such as `lightning`. */
  readonly type: string
  /** The transport, such as `keysend`. */
  readonly method: string
  readonly suggested?: string
  readonly recipients: readonly ValueRecipient[]
  readonly timeSplits: readonly ValueTimeSplit[]
}

/** `podcast:txt`: free text for a purpose, such as a platform's ownership `verify` code. */
export interface Txt {
  readonly text: string
  readonly purpose?: string
}

/** `podcast:socialInteract`: the root post where comments on the show or episode live. */
export interface SocialInteract {
  readonly protocol: string
  /** Absent only with `protocol: disabled`, which asks platforms not to show comments. */
  readonly uri?: string
  readonly accountId?: string
  readonly accountUrl?: string
  readonly priority?: number
}

/** `podcast:chat`: the show's or episode's chat room. */
export interface Chat {
  readonly server: string
  readonly protocol: string
  readonly accountId?: string
  readonly space?: string
}

/** `podcast:block`: blocked from every platform (`platform` absent) or one, or explicitly allowed on one. */
export interface BlockRule {
  /** A service slug; absent for every platform. */
  readonly platform?: string
  readonly blocked: boolean
}

/** `podcast:updateFrequency`: the intended release schedule. */
export interface UpdateFrequency {
  /** What a person reads: `Weekly, on Fridays`. */
  readonly text: string
  /** An RFC 5545 recurrence rule, `FREQ=WEEKLY;BYDAY=FR`. */
  readonly rrule?: string
  /** As written in site.yaml (ISO 8601), so `UNTIL` and `dtstart` stay in one form. */
  readonly dtstart?: string
  readonly complete: boolean
}

/** `podcast:contentLink`: the episode elsewhere (YouTube, Spotify, …), with a label a listener reads. */
export interface ContentLink {
  readonly url: string
  readonly label: string
  /** The platform's name where known, for the page's embedded players. */
  readonly platform?: 'YouTube' | 'Spotify'
}

/** One timed line of a transcript, as plain text. */
export interface Cue {
  /** Seconds from the start of the audio. */
  readonly start: number
  readonly end: number
  readonly text: string
}

/** A chapter as a page lists it: where it starts, and its title if it has one. */
export interface ChapterMark {
  readonly startTime: number
  readonly title?: string
}

/** `podcast:transcript`: a transcript or captions file, here or elsewhere. */
export interface Transcript extends MediaFile {
  /** BCP 47; absent means the feed's language. */
  readonly language?: string
  /** `captions` for timed files (WebVTT, SubRip), which apps show in sync with the audio. */
  readonly rel?: 'captions'
  /** The cues of a file under media/, read for the episode page; empty for files elsewhere. */
  readonly cues: readonly Cue[]
}

/** An image here or elsewhere; its pixel size where it was read from the file. */
export interface Image {
  readonly url: string
  readonly type?: string
  readonly width?: number
  readonly height?: number
  readonly path?: string
  readonly length?: number
}

/** `podcast:soundbite`: a highlight of the episode's audio, for previews and clips. */
export interface Soundbite {
  readonly startTime: number
  readonly duration: number
  readonly title?: string
}

/** `podcast:alternateEnclosure`: the same episode as another file (bitrate, codec, video) or companion media. */
export interface AlternateEnclosure {
  readonly type: string
  readonly length?: number
  /** Bits per second: declared, or computed from the file's length and duration. */
  readonly bitrate?: number
  readonly height?: number
  readonly lang?: string
  readonly title?: string
  readonly rel?: string
  readonly codecs?: string
  /** The same file as the enclosure, offered over other transports. */
  readonly default: boolean
  /** `podcast:source` elements: where the file is, first the one served here. */
  readonly sources: ReadonlyArray<{ readonly uri: string, readonly contentType?: string }>
  /** `podcast:integrity`: an SRI hash (`sha384-…`), computed for files under media/. */
  readonly integrity?: { readonly type: 'sri' | 'pgp-signature', readonly value: string }
  /** Path under media/ when the file is local. */
  readonly path?: string
  readonly durationSeconds?: number
}

export interface Site {
  readonly title: string
  readonly description: string
  /** Public base URL, always ending in `/`; every other URL is built from it. */
  readonly url: string
  /** BCP 47 language tag: RSS `language`, Atom `xml:lang`, JSON Feed `language`. */
  readonly language: string
  readonly copyright?: string
  readonly authors: readonly Person[]
  /**
   * `itunes:owner`: who Apple contacts about the show. The podcast fields (owner, artwork,
   * category) are always present when there are episodes; a newsletter without a podcast may
   * leave them out, and every element they feed is then left out too.
   */
  readonly owner?: { readonly name: string, readonly email: string }
  /** `itunes:image`, RSS `image`, Atom `logo`, JSON Feed `icon`, the home page's cover. */
  readonly artwork?: Artwork
  /** `itunes:category text=` and its nested subcategory. */
  readonly category?: { readonly name: string, readonly subcategory?: string }
  /** `itunes:explicit`; false when not set and there are no episodes. */
  readonly explicit: boolean
  /** `itunes:type`. */
  readonly podcastType: PodcastType
  /** `podcast:guid`: pinned in site.yaml, or UUIDv5 of the podcast feed URL. */
  readonly podcastGuid: string
  /** `podcast:locked`. */
  readonly locked: boolean
  /** `podcast:funding`, one element each. */
  readonly funding: readonly Funding[]
  /** The show's YouTube channel and Spotify show pages. */
  readonly youtube?: string
  readonly spotify?: string
  /** Channel `podcast:person`: `persons` from site.yaml, or else the authors as hosts. */
  readonly persons: readonly PodcastPerson[]
  /** `podcast:medium`. */
  readonly medium?: string
  /** `podcast:license`. */
  readonly license?: License
  /** `podcast:location`. */
  readonly locations: readonly Location[]
  /** `podcast:updateFrequency`. */
  readonly updateFrequency?: UpdateFrequency
  /** `podcast:podroll`: shows the publisher recommends. */
  readonly podroll: readonly RemoteItem[]
  /** `podcast:publisher`: the publisher feed this show belongs to. */
  readonly publisher?: RemoteItem
  /** Channel `podcast:value`. */
  readonly value: readonly ValueBlock[]
  /** Channel `podcast:txt`. */
  readonly txt: readonly Txt[]
  /** `podcast:block` (and `itunes:block` where Apple is blocked). */
  readonly block: readonly BlockRule[]
  /** Channel `podcast:socialInteract`. */
  readonly socialInteract: readonly SocialInteract[]
  /** Channel `podcast:chat`. */
  readonly chat?: Chat
  /** `itunes:new-feed-url`: where the podcast feed is moving to. */
  readonly newFeedUrl?: string
  /** URL paths the podcast feed was published at before; the server redirects them to it permanently. */
  readonly previousFeedPaths: readonly string[]
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
  /** Slug of its file name (see model/slug.ts); names the episode page when it has no issue. */
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
  /**
   * The episode's own page (`/episodes/NAME/`): the podcast item `link`, because it is the page with
   * the player, the transcript and the chapters, which is what a listener opening it from an app wants.
   */
  readonly url: string
  /** The page of its issue, if it has one. */
  readonly issueUrl?: string
  readonly audio: Audio
  readonly youtube?: string
  readonly spotify?: string
  /** `podcast:contentLink`: YouTube, Spotify and any other page of the episode, with labels. */
  readonly contentLinks: readonly ContentLink[]
  readonly season?: number
  readonly episode?: number
  readonly episodeType: EpisodeType
  readonly explicit: boolean
  /** `podcast:transcript`, one per file (languages, formats). */
  readonly transcripts: readonly Transcript[]
  /** `podcast:chapters` (JSON Chapters). */
  readonly chapters?: MediaFile
  /** The chapters of a chapters file under media/, for the episode page's links that seek the player. */
  readonly chapterMarks: readonly ChapterMark[]
  /** Item `podcast:person`; absent means the channel's people. */
  readonly persons?: readonly PodcastPerson[]
  /** The episode's own artwork: item `itunes:image` and `podcast:image`. */
  readonly image?: Image
  /** `podcast:soundbite`. */
  readonly soundbites: readonly Soundbite[]
  /** `podcast:alternateEnclosure`. */
  readonly alternateEnclosures: readonly AlternateEnclosure[]
  /** Item `podcast:value`: replaces the channel's for this episode. */
  readonly value: readonly ValueBlock[]
  /** Item `podcast:location`. */
  readonly locations: readonly Location[]
  /** Item `podcast:license`. */
  readonly license?: License
  /** Item `podcast:txt`. */
  readonly txt: readonly Txt[]
  /** Item `podcast:socialInteract`. */
  readonly socialInteract: readonly SocialInteract[]
  /** Item `podcast:chat`. */
  readonly chat?: Chat
}

export interface Issue {
  readonly slug: string
  /** Stable item id: RSS `guid` and JSON Feed `id` exactly, Atom `id` through `atomEntryId`; a `urn:uuid:`, or the id an imported item had on its old host. */
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
  /**
   * Absent while no episode is published: the podcast feed is then not published at all, nor
   * offered by autodiscovery or OPML. Apple Podcasts refuses a feed without episodes, and an app
   * that subscribed to an empty one would show an empty show.
   */
  readonly podcast?: string
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
