import { issueFeedViews, podcastFeedViews, tagFeedView, type FeedFormat, type FeedView } from '../model/feed-views.ts'
import type { Episode, Issue, Publication } from '../model/publication.ts'
import type { Effort } from './encode.ts'
import { tagsOf } from '../model/tags.ts'
import { renderAtom } from '../render/atom.ts'
import { renderFeedPreview } from '../render/feed-preview.ts'
import { archivePageUrl, issueListPages, renderArchivePage, renderEpisodePage, renderHomePage, renderIssuePage, renderTagPage } from '../render/html.ts'
import { renderFavicon, renderIcon, renderWebManifest } from '../render/icons.ts'
import { renderJsonFeed } from '../render/json-feed.ts'
import { renderNotFoundPage } from '../render/not-found.ts'
import { renderOpml } from '../render/opml.ts'
import { renderPodcast } from '../render/podcast.ts'
import { renderRobotsTxt } from '../render/robots.ts'
import { renderRss } from '../render/rss.ts'
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

/**
 * Every output of a publication, in one list that `build` writes and the server serves: the four
 * feeds and their archive pages, each tag's feeds, the OPML, and the HTML pages.
 */
export function outputsFor (publication: Publication): OutputSpec[] {
  const pathOf = (url: string): string => `/${url.slice(publication.site.url.length)}`
  const feed = <T>(format: FeedFormat, views: Array<FeedView<T>>, effort: Effort = 'fast'): OutputSpec[] => views.map((view, index) => ({
    path: pathOf(view.url),
    type: TYPES[format],
    kind: 'feed',
    // Archive pages below the newest are full and linked both ways: their bytes are settled.
    settled: index > 0 && index < views.length - 1,
    // Only the current document is subscribed to; archive pages are read once, by following links.
    announce: index === 0,
    effort: index === 0 ? effort : 'fast',
    render: (p) => (RENDERERS[format] as (p: Publication, view: FeedView<T>) => string)(p, view),
    preview: index === 0 ? (p) => renderFeedPreview(p, view as FeedView<Issue | Episode>, format) : undefined
  }))
  const tags = tagsOf(publication)
  const page = (url: string, render: OutputSpec['render']): OutputSpec => ({ path: pathOf(url), type: TYPES.html, kind: 'page', settled: false, announce: false, effort: 'fast', render })
  const file = (url: string, type: string, render: OutputSpec['render']): OutputSpec => ({ ...page(url, render), type })
  const { url } = publication.site
  return [
    ...feed('rss', issueFeedViews(publication, 'rss'), 'max'),
    ...feed('atom', issueFeedViews(publication, 'atom'), 'max'),
    ...feed('json', issueFeedViews(publication, 'json'), 'max'),
    ...feed('podcast', podcastFeedViews(publication), 'max'),
    ...tags.flatMap((tag) => (['rss', 'atom', 'json'] as const).flatMap((format) => feed(format, [tagFeedView(publication, tag, format)]))),
    { path: '/feeds.opml', type: TYPES.opml, kind: 'feed', settled: false, announce: false, effort: 'fast', render: renderOpml },
    page(publication.site.url, renderHomePage),
    ...issueListPages(publication).archives.map((_, index) => page(archivePageUrl(publication, index + 1), (p) => renderArchivePage(p, index + 1))),
    ...tags.map((tag) => page(tag.url, (p) => renderTagPage(p, tag))),
    ...publication.issues.map((issue) => page(issue.url, (p) => renderIssuePage(p, issue))),
    ...publication.episodes
      .filter((episode) => episode.issueSlug === undefined)
      .map((episode) => page(episode.url, (p) => renderEpisodePage(p, episode))),
    page(notFoundPageUrl(url), renderNotFoundPage),
    file(robotsUrl(url), TYPES.text, renderRobotsTxt),
    ...sitemapFiles(publication).map((sitemap) => file(sitemap.url, TYPES.xml, sitemap.render)),
    ...(publication.site.artwork.icons === undefined
      ? []
      : [
          file(iconUrl(url, 'favicon'), TYPES.ico, renderFavicon),
          file(iconUrl(url, 'apple-touch-icon'), TYPES.png, (p) => renderIcon(p, 180)),
          file(iconUrl(url, 192), TYPES.png, (p) => renderIcon(p, 192)),
          file(iconUrl(url, 512), TYPES.png, (p) => renderIcon(p, 512)),
          file(manifestUrl(url), TYPES.manifest, renderWebManifest)
        ])
  ]
}
