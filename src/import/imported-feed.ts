/**
 * A feed as read from any format, before it becomes content files: what every parser produces
 * and the mapper consumes. URLs are absolute; HTML is as the feed had it, with absolute links.
 */
export interface ImportedFeed {
  readonly format: 'RSS 2.0' | 'RSS 1.0' | 'Atom 1.0' | 'JSON Feed 1.0' | 'JSON Feed 1.1'
  /** The address or file it was read from. */
  readonly source: string
  readonly title?: string
  readonly description?: string
  /** The home page. */
  readonly link?: string
  readonly language?: string
  readonly copyright?: string
  readonly authors: readonly ImportedPerson[]
  /** The show's artwork: itunes:image, else RSS image, Atom logo, JSON Feed icon. */
  readonly imageUrl?: string
  readonly podcast: PodcastChannelTags
  readonly items: readonly ImportedItem[]
  /** RFC 5005 and paging links to the rest of the archive: prev-archive, next, JSON Feed next_url. */
  readonly older: readonly string[]
  /** Channel elements with no place in feedwright, by name, for the report. */
  readonly unmapped: readonly string[]
  /** Problems reading the document as a whole (not well-formed, read leniently). */
  readonly notes: readonly string[]
}

export interface ImportedPerson {
  readonly name: string
  readonly email?: string
  readonly url?: string
}

/** One entry: an issue, and an episode when it has an audio or video enclosure. */
export interface ImportedItem {
  /** The item's GUID or id exactly; else its link; else a hash of its title and date (`derived`). */
  readonly id: string
  readonly idFrom: 'guid' | 'id' | 'link' | 'derived'
  readonly title?: string
  /** Whether the title was HTML (Atom type="html", or tags in an RSS title) and was reduced to text. */
  readonly link?: string
  readonly date?: Date
  readonly updated?: Date
  /** Plain text. */
  readonly summary?: string
  /** The body as HTML, as the feed had it. */
  readonly html?: string
  /** What relative URLs in the body resolve against: xml:base in scope, else the document's address, else (for a file) the item's link. */
  readonly base?: string
  readonly authors: readonly ImportedPerson[]
  readonly tags: readonly string[]
  readonly enclosure?: ImportedEnclosure
  /** Further enclosures beyond the first audio or video one: listed in the report. */
  readonly otherEnclosures: readonly ImportedEnclosure[]
  readonly podcast: PodcastItemTags
  /** Elements with no place in feedwright, by name, for the report. */
  readonly unmapped: readonly string[]
  /** Values that could not be read (a date in no known format…), for the report. */
  readonly notes: readonly string[]
}

export interface ImportedEnclosure {
  readonly url: string
  readonly length?: number
  readonly type?: string
}

/** A podcast:person, as Podcasting 2.0 defines it. */
export interface ImportedPodcastPerson {
  readonly name: string
  readonly role?: string
  readonly group?: string
  readonly img?: string
  readonly href?: string
}

/** A linked file: podcast:transcript, podcast:chapters. */
export interface ImportedLinkedFile {
  readonly url: string
  readonly type?: string
  readonly language?: string
  readonly rel?: string
}

/** The channel's iTunes and Podcasting 2.0 tags, read but not yet mapped to site.yaml. */
export interface PodcastChannelTags {
  readonly ownerName?: string
  readonly ownerEmail?: string
  readonly author?: string
  readonly category?: string
  readonly subcategory?: string
  readonly explicit?: boolean
  readonly type?: string
  readonly locked?: boolean
  readonly guid?: string
  readonly funding: ReadonlyArray<{ url: string, text?: string }>
  readonly persons: readonly ImportedPodcastPerson[]
  readonly medium?: string
  readonly license?: string
  /** `podcast:updateFrequency`: its text and the rule, start and completeness it may state. */
  readonly updateFrequency?: { readonly text: string, readonly rrule?: string, readonly dtstart?: string, readonly complete?: boolean }
  readonly location?: string
  readonly newFeedUrl?: string
  readonly complete?: boolean
}

/** An item's iTunes and Podcasting 2.0 tags. */
export interface PodcastItemTags {
  readonly duration?: number
  readonly season?: number
  readonly episode?: number
  readonly episodeType?: string
  readonly explicit?: boolean
  readonly image?: string
  readonly transcripts: readonly ImportedLinkedFile[]
  readonly chapters?: ImportedLinkedFile
  readonly persons: readonly ImportedPodcastPerson[]
  readonly block?: boolean
}
