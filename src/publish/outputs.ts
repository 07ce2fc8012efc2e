import { issueFeedViews, podcastFeedViews, tagFeedView, type FeedFormat, type FeedView } from '../model/feed-views.ts'
import type { Episode, Issue, Publication } from '../model/publication.ts'
import { tagsOf } from '../model/tags.ts'
import { renderAtom } from '../render/atom.ts'
import { renderFeedPreview } from '../render/feed-preview.ts'
import { archivePageUrl, issueListPages, issueNeighbours, renderArchivePage, renderEpisodePage, renderHomePage, renderIssuePage, renderTagPage } from '../render/html.ts'
import { renderFavicon, renderIcon, renderWebManifest } from '../render/icons.ts'
import { renderJsonFeed } from '../render/json-feed.ts'
import { renderNotFoundPage } from '../render/not-found.ts'
import { renderOpml } from '../render/opml.ts'
import { renderPodcast } from '../render/podcast.ts'
import { renderRobotsTxt } from '../render/robots.ts'
import { renderRss } from '../render/rss.ts'
import type { Effort } from './encode.ts'
import { sitemapFiles } from '../render/sitemap.ts'
import { iconUrl, manifestUrl, notFoundPageUrl, robotsUrl } from '../model/urls.ts'

/** One file feedwright publishes: where it lives, what it is, and how it is rendered. */
export interface OutputSpec {
  /** URL path under the base URL, percent-encoded as in a request. */
  readonly path: string
  /** The Content-Type it is served with. */
  readonly type: string
  /** A feed (CORS, a self Link header) or a page for people. */
  readonly kind: 'feed' | 'page'
  /** A full archive page below the newest: its bytes no longer change as issues are published. */
  readonly settled: boolean
  /** A document people subscribe to: hubs and pings hear when it changes (not archive pages, not the OPML). */
  readonly announce: boolean
  /** How hard to compress it: hardest for the four main feeds, which every poller fetches. */
  readonly effort: Effort
  /** Kept in memory by the server, because it is fetched all the time (the main feeds, the newest pages). */
  readonly hot: boolean
  /**
   * Everything `render` and `preview` read besides the site and the feed URLs: the output is
   * rendered again exactly when one of these (or the site) changes. A renderer that reads more of
   * the publication than it declares here would be published stale; test/publish/incremental.test.ts
   * compares incremental publishing with a cold one after every kind of edit.
   */
  readonly inputs: readonly unknown[]
  /** Text is sent as UTF-8; images are bytes. */
  readonly render: (publication: Publication) => string | Uint8Array
  /** For a feed people subscribe to: the HTML a browser shows at its URL instead of the feed. */
  readonly preview?: (publication: Publication) => string
}

const TYPES = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  podcast: 'application/rss+xml; charset=utf-8',
  html: 'text/html; charset=utf-8',
  opml: 'text/x-opml; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  ico: 'image/x-icon',
  png: 'image/png',
  manifest: 'application/manifest+json; charset=utf-8'
} as const

const RENDERERS = { rss: renderRss, atom: renderAtom, json: renderJsonFeed, podcast: renderPodcast } as const

/** What an issue page shows of its neighbours: their addresses and titles. */
function neighbourLinks ({ older, newer }: { older?: Issue, newer?: Issue }): unknown[] {
  return [older?.url, older?.title, newer?.url, newer?.title]
}

// An issue's page is the very same output from one publication to the next while the issue, its
// neighbours and the base URL are (and an episode's while the episode is): publish then keeps its
// file without looking at its inputs again, which is most of an edit's work in a large archive.
const issuePages = new WeakMap<Issue, { readonly older?: Issue, readonly newer?: Issue, readonly output: OutputSpec }>()
const episodePages = new WeakMap<Episode, OutputSpec>()

// Made out here, so that a remembered page's renderer holds its issue or episode and nothing else:
// a closure made inside outputsFor would hold that whole call's lists of the archive for as long
// as the page is remembered.
function issuePageRenderer (issue: Issue): OutputSpec['render'] {
  return (p) => renderIssuePage(p, issue)
}

function episodePageRenderer (episode: Episode): OutputSpec['render'] {
  return (p) => renderEpisodePage(p, episode)
}

/** What a feed document is made of besides its items: its links and dates, without the items themselves. */
function viewInputs<T> (view: FeedView<T>): unknown[] {
  const { items, ...frame } = view
  return [frame, ...items]
}

/**
 * Every output of a publication, in one list that `build` writes and the server serves: the four
 * feeds and their archive pages, each tag's feeds, the OPML, and the HTML pages.
 */
export function outputsFor (publication: Publication): OutputSpec[] {
  const pathOf = (url: string): string => `/${url.slice(publication.site.url.length)}`
  // The podcast feed names each episode's authors, which belong to its issue.
  const issuesBySlug = new Map(publication.issues.map((issue) => [issue.slug, issue]))
  const episodeAuthors = (episodes: readonly Episode[]): unknown[] => episodes.map((episode) => issuesBySlug.get(episode.issueSlug ?? '')?.authors)
  const feed = <T>(format: FeedFormat, views: Array<FeedView<T>>, effort: Effort = 'bulk'): OutputSpec[] => views.map((view, index) => ({
    path: pathOf(view.url),
    type: TYPES[format],
    kind: 'feed',
    // Archive pages below the newest are full and linked both ways: their bytes are settled.
    settled: index > 0 && index < views.length - 1,
    // Only the current document is subscribed to; archive pages are read once, by following links.
    announce: index === 0,
    effort: index === 0 ? effort : 'bulk',
    hot: index === 0 && effort === 'max',
    inputs: format === 'podcast' ? [...viewInputs(view), ...episodeAuthors(view.items as unknown as readonly Episode[])] : viewInputs(view),
    render: (p) => (RENDERERS[format] as (p: Publication, view: FeedView<T>) => string)(p, view),
    preview: index === 0 ? (p) => renderFeedPreview(p, view as FeedView<Issue | Episode>, format) : undefined
  }))
  const tags = tagsOf(publication)
  const { home, archives } = issueListPages(publication)
  const page = (url: string, effort: Effort, inputs: readonly unknown[], render: OutputSpec['render']): OutputSpec =>
    ({ path: pathOf(url), type: TYPES.html, kind: 'page', settled: false, announce: false, effort, hot: effort === 'fast', inputs, render })
  const tagSummaries = tags.map((tag) => [tag.slug, tag.name, tag.url, tag.issues.length])
  const bonusEpisodes = publication.episodes.filter((episode) => episode.issueSlug === undefined)
  const newest = new Set(home)
  const file = (url: string, type: string, inputs: readonly unknown[], render: OutputSpec['render']): OutputSpec =>
    ({ path: pathOf(url), type, kind: 'page', settled: false, announce: false, effort: 'fast', hot: true, inputs, render })
  const { url } = publication.site
  const { artwork } = publication.site
  return [
    ...feed('rss', issueFeedViews(publication, 'rss'), 'max'),
    ...feed('atom', issueFeedViews(publication, 'atom'), 'max'),
    ...feed('json', issueFeedViews(publication, 'json'), 'max'),
    ...(publication.feedUrls.podcast === undefined ? [] : feed('podcast', podcastFeedViews(publication), 'max')),
    ...tags.flatMap((tag) => (['rss', 'atom', 'json'] as const).flatMap((format) => feed(format, [tagFeedView(publication, tag, format)], 'fast'))),
    { path: '/feeds.opml', type: TYPES.opml, kind: 'feed', settled: false, announce: false, effort: 'fast', hot: true, inputs: [publication.updated, tagSummaries], render: renderOpml },
    page(publication.site.url, 'fast', [home, archives.length, tagSummaries, bonusEpisodes], renderHomePage),
    ...archives.map((issues, index) => page(archivePageUrl(publication, index + 1), 'bulk', [issues, archives.length], (p) => renderArchivePage(p, index + 1))),
    ...tags.map((tag) => page(tag.url, 'bulk', [tag.name, tag.slug, tag.url, tag.issues], (p) => renderTagPage(p, tag))),
    // The newest issues are the ones readers open from their feeds: kept in memory, compressed harder.
    // An issue's page links the issues before and after it.
    ...publication.issues.map((issue) => {
      const { older, newer } = issueNeighbours(publication, issue)
      const known = issuePages.get(issue)
      const effort = newest.has(issue) ? 'fast' : 'bulk'
      if (known !== undefined && known.older === older && known.newer === newer && known.output.effort === effort && known.output.path === pathOf(issue.url)) return known.output
      const output = page(issue.url, effort, [issue, ...neighbourLinks({ older, newer })], issuePageRenderer(issue))
      issuePages.set(issue, { older, newer, output })
      return output
    }),
    ...publication.episodes.map((episode) => {
      const known = episodePages.get(episode)
      if (known !== undefined && known.path === pathOf(episode.url)) return known
      const output = page(episode.url, 'bulk', [episode], episodePageRenderer(episode))
      episodePages.set(episode, output)
      return output
    }),
    file(notFoundPageUrl(url), TYPES.html, [publication.issues.slice(0, 5)], renderNotFoundPage),
    file(robotsUrl(url), TYPES.text, [], renderRobotsTxt),
    // One string per sitemap: tens of thousands of small entries, hashed once rather than one by one.
    ...sitemapFiles(publication).map((sitemap) => file(sitemap.url, TYPES.xml, [sitemap.entries.map((entry) => `${entry.url} ${entry.lastmod.getTime()}`).join('\n')], sitemap.render)),
    ...(artwork?.icons === undefined
      ? []
      : [
          file(iconUrl(url, 'favicon'), TYPES.ico, [], renderFavicon),
          file(iconUrl(url, 'apple-touch-icon'), TYPES.png, [], (p) => renderIcon(p, 180)),
          file(iconUrl(url, 192), TYPES.png, [], (p) => renderIcon(p, 192)),
          file(iconUrl(url, 512), TYPES.png, [], (p) => renderIcon(p, 512)),
          file(manifestUrl(url), TYPES.manifest, [], renderWebManifest)
        ])
  ]
}
