import type { FeedView } from '../model/feed-views.ts'
import type { Publication } from '../model/publication.ts'
import { rfc822 } from './dates.ts'
import { plainTextAsHtml } from './plain-text.ts'
import { attributes, type ItemsPlace, type XmlElement } from './xml.ts'

/** The title of a feed document: the publication's, with the subset it carries (a tag). */
export function feedTitle (publication: Publication, view: FeedView<unknown>): string {
  return view.subject === undefined ? publication.site.title : `${publication.site.title}: ${view.subject}`
}

/** Where both RSS feeds' items go: after the rest of the channel. */
export const RSS_ITEMS: ItemsPlace = { name: 'channel', depth: 1 }

/** The channel elements both RSS feeds share (RSS 2.0 spec, plus the self link of RSS Best Practices). */
export function rssChannelBasics (publication: Publication, view: FeedView<unknown>): XmlElement {
  const { site } = publication
  return {
    title: feedTitle(publication, view),
    link: view.pageUrl ?? site.url,
    // Plain text, HTML-escaped: readers render a channel description as HTML (see plain-text.ts).
    description: plainTextAsHtml(site.description),
    language: site.language,
    copyright: site.copyright,
    lastBuildDate: rfc822(view.updated),
    generator: 'feedwright',
    docs: 'https://www.rssboard.org/rss-specification',
    // A self link lets readers and validators know the canonical feed URL.
    'atom:link': [
      attributes({ href: view.url, rel: 'self', type: 'application/rss+xml' }),
      ...historyLinks(view).map((link) => attributes({ ...link, type: 'application/rss+xml' })),
      // WebSub (W3C Recommendation §4): subscribers find the hubs next to the self link.
      ...hubsOf(publication, view).map((hub) => attributes({ href: hub, rel: 'hub' }))
    ],
    ...historyMarkers(view),
    image: site.artwork === undefined ? undefined : { url: site.artwork.url, title: feedTitle(publication, view), link: view.pageUrl ?? site.url }
  }
}

/** The hubs a document advertises: none on an archive page, which nobody subscribes to and which must not change. */
export function hubsOf (publication: Publication, view: FeedView<unknown>): readonly string[] {
  return view.archive === true ? [] : publication.site.hubs
}

/** RFC 5005 links between the documents of a paged feed. */
export function historyLinks (view: FeedView<unknown>): Array<{ rel: string, href: string }> {
  const links: Array<{ rel: string, href: string }> = []
  if (view.current !== undefined) links.push({ rel: 'current', href: view.current })
  if (view.prevArchive !== undefined) links.push({ rel: 'prev-archive', href: view.prevArchive })
  if (view.nextArchive !== undefined) links.push({ rel: 'next-archive', href: view.nextArchive })
  return links
}

/** RFC 5005 `fh:archive` (an archive page) or `fh:complete` (the whole feed in one document). */
export function historyMarkers (view: FeedView<unknown>): XmlElement {
  return {
    'fh:archive': view.archive === true ? '' : undefined,
    'fh:complete': view.complete === true ? '' : undefined
  }
}
