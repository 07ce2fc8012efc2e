import type { Episode, Issue, Publication } from './publication.ts'
import type { Tag } from './tags.ts'
import { feedUrl, tagFeedUrl, type FeedFormat } from './urls.ts'

export type { FeedFormat } from './urls.ts'

/**
 * One document of a feed: which items it carries, at which URL, and how it links to the rest
 * of its feed (RFC 5005 archived feeds for RSS and Atom, `next_url` for JSON Feed).
 */
export interface FeedView<T> {
  /** Absolute URL of this document: its `rel="self"`. */
  readonly url: string
  /** Newest first. */
  readonly items: readonly T[]
  /** The newest date of its items: `lastBuildDate`, Atom `updated`. Archive pages never change it. */
  readonly updated: Date
  /** Added to the publication's title for a subset, such as a tag's feed. */
  readonly subject?: string
  /** The slug of the tag whose issues this document carries: what the feed's identity is derived from. */
  readonly tagSlug?: string
  /** The HTML page of the same items, when not the home page: a tag feed's tag page. */
  readonly pageUrl?: string
  /** RFC 5005 §4: this document is an archive page (`fh:archive`), frozen once full. */
  readonly archive?: boolean
  /** RFC 5005 links: the current (subscription) document and the neighbouring archive pages. */
  readonly current?: string
  readonly prevArchive?: string
  readonly nextArchive?: string
  /** JSON Feed `next_url`: the page with the next older items. */
  readonly nextUrl?: string
  /** RFC 5005 §2 `fh:complete`: this one document lists every item there is. */
  readonly complete?: boolean
}

/**
 * Splits items (newest first) into the current document, with the newest `pageSize`, and archive
 * pages of `pageSize` counted from the oldest, so page 1 is always the same oldest items and a
 * full page never changes when newer items arrive; only the newest page may be partly filled.
 */
export function splitIntoPages<T> (newestFirst: readonly T[], pageSize: number): { current: T[], archives: T[][] } {
  const current = newestFirst.slice(0, pageSize)
  const older = newestFirst.slice(pageSize).reverse()
  const archives: T[][] = []
  for (let start = 0; start < older.length; start += pageSize) archives.push(older.slice(start, start + pageSize).reverse())
  return { current, archives }
}

/** Every document of a feed of issues or episodes: the current one first, then archive pages 1…n. */
export function pagedFeedViews<T extends Issue | Episode> (publication: Publication, format: FeedFormat, items: readonly T[], pageSize: number | undefined): Array<FeedView<T>> {
  const url = (page?: number): string => feedUrl(publication.site.url, format, page)
  if (pageSize === undefined || items.length <= pageSize) {
    return [{ url: url(), items, updated: newestOf(items, publication.updated), complete: true }]
  }
  const { current, archives } = datedPages(items, pageSize, publication.updated)
  const xml = format !== 'json'
  const currentUrl = url()
  // Archive page n is at archiveUrls[n - 1]; each is linked from both its neighbours.
  const archiveUrls = archives.map((_, index) => url(index + 1))
  const newestArchive = archiveUrls.at(-1)
  return [
    {
      url: currentUrl,
      items: current.items,
      updated: current.updated,
      prevArchive: xml ? newestArchive : undefined,
      nextUrl: xml ? undefined : newestArchive
    },
    ...archives.map((archive, index): FeedView<T> => ({
      url: archiveUrls[index]!,
      items: archive.items,
      updated: archive.updated,
      archive: xml,
      current: xml ? currentUrl : undefined,
      prevArchive: xml ? archiveUrls[index - 1] : undefined,
      nextArchive: xml ? archiveUrls[index + 1] : undefined,
      nextUrl: xml ? undefined : archiveUrls[index - 1]
    }))
  ]
}

interface DatedPage<T> { readonly items: readonly T[], readonly updated: Date }

interface DatedPages<T> { readonly current: DatedPage<T>, readonly archives: ReadonlyArray<DatedPage<T>> }

// The main RSS, Atom and JSON feeds page the same list of issues alike: split and dated once for
// the three (at 10,000 issues, doing it for each of them took 28 ms of every edit's publish).
const pagesOfList = new WeakMap<readonly unknown[], { readonly pageSize: number, readonly fallbackMs: number, readonly pages: DatedPages<unknown> }>()

function datedPages<T extends Issue | Episode> (items: readonly T[], pageSize: number, fallback: Date): DatedPages<T> {
  const known = pagesOfList.get(items)
  if (known !== undefined && known.pageSize === pageSize && known.fallbackMs === fallback.getTime()) return known.pages as DatedPages<T>
  const { current, archives } = splitIntoPages(items, pageSize)
  const dated = (page: T[]): DatedPage<T> => ({ items: page, updated: newestOf(page, fallback) })
  const pages = { current: dated(current), archives: archives.map(dated) }
  pagesOfList.set(items, { pageSize, fallbackMs: fallback.getTime(), pages })
  return pages
}

/** The documents of the main RSS, Atom or JSON Feed: the newest `feedSize` issues, then archive pages. */
export function issueFeedViews (publication: Publication, format: Exclude<FeedFormat, 'podcast'>): Array<FeedView<Issue>> {
  return pagedFeedViews(publication, format, publication.issues, publication.site.feedSize)
}

/** The documents of the podcast feed: every episode in one, unless the publisher set a limit. */
export function podcastFeedViews (publication: Publication): Array<FeedView<Episode>> {
  return pagedFeedViews(publication, 'podcast', publication.episodes, publication.site.podcastLimit)
}

/**
 * A tag's RSS, Atom or JSON Feed: its newest issues, as many as the main feed carries. A tag feed
 * is for following a subject from now on; the whole history of every issue is in the main feed's
 * archive pages, and every issue with the tag is listed on the tag's page. Paging tag feeds too
 * would repeat each issue's full text once per tag in archive pages hardly anyone reads: at
 * 10,000 issues, two thirds of everything published.
 */
export function tagFeedView (publication: Publication, tag: Tag, format: Exclude<FeedFormat, 'podcast'>): FeedView<Issue> {
  const items = tag.issues.slice(0, publication.site.feedSize)
  return {
    url: tagFeedUrl(tag.url, format),
    items,
    updated: newestOf(items, publication.updated),
    subject: tag.name,
    tagSlug: tag.slug,
    pageUrl: tag.url,
    complete: items.length === tag.issues.length
  }
}

function newestOf (items: ReadonlyArray<Issue | Episode>, fallback: Date): Date {
  if (items.length === 0) return fallback
  let newest = -Infinity
  for (const item of items) newest = Math.max(newest, ('updated' in item && item.updated !== undefined ? item.updated : item.date).getTime())
  return new Date(newest)
}
