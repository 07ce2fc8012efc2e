import type { Publication } from '../model/publication.ts'
import { rfc822 } from './dates.ts'
import { attributes, type XmlElement } from './xml.ts'

/** The channel elements both RSS feeds share (RSS 2.0 spec, plus the self link of RSS Best Practices). */
export function rssChannelBasics (publication: Publication, selfUrl: string, updated: Date): XmlElement {
  const { site } = publication
  return {
    title: site.title,
    link: site.url,
    description: site.description,
    language: site.language,
    copyright: site.copyright,
    lastBuildDate: rfc822(updated),
    generator: 'feedwright',
    docs: 'https://www.rssboard.org/rss-specification',
    // A self link lets readers and validators know the canonical feed URL.
    'atom:link': [
      attributes({ href: selfUrl, rel: 'self', type: 'application/rss+xml' }),
      // WebSub (W3C Recommendation §4): subscribers find the hubs next to the self link.
      ...site.hubs.map((hub) => attributes({ href: hub, rel: 'hub' }))
    ],
    image: { url: site.artwork.url, title: site.title, link: site.url }
  }
}
