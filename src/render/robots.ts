import type { Publication } from '../model/publication.ts'
import { sitemapUrl } from '../model/urls.ts'

/**
 * `robots.txt` (RFC 9309): every page may be crawled, and the sitemap says where they all are.
 * Media stays crawlable too: the link previews of chats and social networks fetch the artwork,
 * and some of their crawlers obey robots.txt.
 */
export function renderRobotsTxt (publication: Publication): string {
  return [
    'User-agent: *',
    'Allow: /',
    '',
    `Sitemap: ${sitemapUrl(publication.site.url)}`,
    ''
  ].join('\n')
}
