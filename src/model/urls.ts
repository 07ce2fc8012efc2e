import { PODCAST_GUID_NAMESPACE, uuidV5 } from './podcast-guid.ts'

/**
 * The address book: every public URL feedwright publishes, and every identifier, comes from here.
 * Renderers and loaders ask; nobody else concatenates paths.
 *
 * Pages are folders (`https://example.org/issues/first-frost/`), written by `build` as
 * `issues/first-frost/index.html`: every static host (GitHub Pages, Netlify, Cloudflare Pages, S3
 * websites, nginx's default configuration, `python3 -m http.server`) serves that file at that URL
 * unmodified, and redirects the address without its slash to it. A page's feeds live in its folder
 * (`tags/compost/` and `tags/compost/feed.xml`), so a page and a folder never share a name.
 */

/** The four feed formats, by the name their URLs use. */
export type FeedFormat = 'rss' | 'atom' | 'json' | 'podcast'

const FEED_FILES: Readonly<Record<FeedFormat, { current: string, archive: (page: number) => string }>> = {
  rss: { current: 'feed.xml', archive: (page) => `archive/feed-${page}.xml` },
  atom: { current: 'atom.xml', archive: (page) => `archive/atom-${page}.xml` },
  json: { current: 'feed.json', archive: (page) => `archive/feed-${page}.json` },
  podcast: { current: 'podcast.xml', archive: (page) => `archive/podcast-${page}.xml` }
}

/** A feed document: `feed.xml`, or archive page 3 of it, `archive/feed-3.xml` (RFC 5005, counted from the oldest). */
export function feedUrl (siteUrl: string, format: FeedFormat, page?: number): string {
  return new URL(page === undefined ? FEED_FILES[format].current : FEED_FILES[format].archive(page), siteUrl).href
}

/** An issue's page: `issues/was-chatgpt-a-good-idea/`. */
export function issueUrl (siteUrl: string, slug: string): string {
  return new URL(`issues/${encodeURIComponent(slug)}/`, siteUrl).href
}

/** The page of an episode, by the slug of its file name (`Bonus Ünïcode.md` → `episodes/bonus-unicode/`). */
export function episodeUrl (siteUrl: string, slug: string): string {
  return new URL(`episodes/${encodeURIComponent(slug)}/`, siteUrl).href
}

/** A tag's page, by its slug: `tags/kunstliche-intelligenz/`; letters of other scripts are percent-encoded. */
export function tagUrl (siteUrl: string, slug: string): string {
  return new URL(`tags/${encodeURIComponent(slug)}/`, siteUrl).href
}

/** A tag's feed, in the tag's folder: `tags/compost/feed.xml`, `tags/compost/atom.xml`, `tags/compost/feed.json`. */
export function tagFeedUrl (tagPageUrl: string, format: Exclude<FeedFormat, 'podcast'>): string {
  return new URL(FEED_FILES[format].current, tagPageUrl).href
}

/** Page `page` of the issue list, counted from the oldest: `archive/3/`. */
export function archivePageUrl (siteUrl: string, page: number): string {
  return new URL(`archive/${page}/`, siteUrl).href
}

/** A file under `media/`: each path segment percent-encoded, slashes kept (`media/season%201/w04.mp3`). */
export function mediaUrl (siteUrl: string, relativePath: string): string {
  return new URL(`media/${relativePath.split('/').map(encodeURIComponent).join('/')}`, siteUrl).href
}

/** The OPML list of every feed: `feeds.opml`. */
export function opmlUrl (siteUrl: string): string {
  return new URL('feeds.opml', siteUrl).href
}

/** The page shown for an address where nothing is published: `404.html`, the name static hosts look for. */
export function notFoundPageUrl (siteUrl: string): string {
  return new URL('404.html', siteUrl).href
}

/** Crawlers' instructions: `robots.txt`, which they read only at the root of a host. */
export function robotsUrl (siteUrl: string): string {
  return new URL('robots.txt', siteUrl).href
}

/**
 * The sitemap: `sitemap.xml`; above 50,000 pages it is an index of parts `sitemap-1.xml`, `sitemap-2.xml`, …,
 * which sit beside it because a sitemap may only list URLs in its own folder and below (sitemaps.org).
 */
export function sitemapUrl (siteUrl: string, part?: number): string {
  return new URL(part === undefined ? 'sitemap.xml' : `sitemap-${part}.xml`, siteUrl).href
}

/** The icons browsers look for at the root: `favicon.ico`, `apple-touch-icon.png`, and `icon-192.png`, `icon-512.png` named in the manifest. */
export function iconUrl (siteUrl: string, icon: 'favicon' | 'apple-touch-icon' | 192 | 512): string {
  const name = icon === 'favicon' ? 'favicon.ico' : icon === 'apple-touch-icon' ? 'apple-touch-icon.png' : `icon-${icon}.png`
  return new URL(name, siteUrl).href
}

/** The web app manifest, which names the home screen icons: `manifest.webmanifest`. */
export function manifestUrl (siteUrl: string): string {
  return new URL('manifest.webmanifest', siteUrl).href
}

/**
 * An issue's id (RSS `guid`, Atom `id`, JSON Feed `id`): `urn:uuid:` + UUIDv5 of `issue/SLUG` in the
 * namespace of the show's `podcast:guid`, so it outlives any change of address.
 */
export function issueId (podcastGuid: string, slug: string): string {
  return `urn:uuid:${uuidV5(`issue/${slug}`, podcastGuid)}`
}

// RFC 3987 absolute IRI, roughly: a scheme, a colon, and no character an IRI cannot hold.
const ABSOLUTE_IRI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]+$/

/**
 * An issue's Atom `id`. RFC 4287 §4.2.6 requires an absolute IRI, so an id that is one
 * (`urn:uuid:…`, `tag:…`, `https://example.com/?p=12`) is used exactly; any other (an imported
 * RSS guid such as `12345`) becomes `urn:uuid:` + UUIDv5 of it in the namespace of the show's
 * `podcast:guid`: stable, unique to this show, and never the same as another id it could meet.
 * RSS `guid` and JSON Feed `id` carry the id exactly, since both take any text.
 */
export function atomEntryId (podcastGuid: string, id: string): string {
  return ABSOLUTE_IRI.test(id) ? id : `urn:uuid:${uuidV5(`id/${id}`, podcastGuid)}`
}

/** An episode's GUID when none is set: UUIDv5 of `episode/FILE-NAME`, so retitling or redating keeps it. */
export function episodeGuid (podcastGuid: string, name: string): string {
  return uuidV5(`episode/${name}`, podcastGuid)
}

/**
 * The Atom id of a feed: `urn:uuid:` + the `podcast:guid` for the main feed; a tag's feed derives
 * its own from the tag's slug, which stays when the tag's spelling changes.
 */
export function feedId (podcastGuid: string, tagSlug?: string): string {
  return `urn:uuid:${tagSlug === undefined ? podcastGuid : uuidV5(`tag/${tagSlug}`, podcastGuid)}`
}

/** A stand-in hash for a tag whose name has no letters or digits (`]]>`), stable for that name. */
export function punctuationTagSlug (name: string): string {
  return `tag-${uuidV5(name, PODCAST_GUID_NAMESPACE).slice(0, 8)}`
}

/**
 * Where `build` writes the file published at a URL path: pages (paths ending in `/`) as
 * `index.html` in their folder, everything else under its own name; percent-encoding decoded.
 */
export function fileNameFor (urlPath: string): string {
  const decoded = decodeURIComponent(urlPath.slice(1))
  return decoded === '' || decoded.endsWith('/') ? `${decoded}index.html` : decoded
}
