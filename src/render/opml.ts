import type { Publication } from '../model/publication.ts'
import { tagsOf } from '../model/tags.ts'
import { tagFeedUrl } from '../model/urls.ts'
import { rfc822 } from './dates.ts'
import { renderXml, type XmlElement } from './xml.ts'

/**
 * OPML 2.0 (opml.org/spec2) listing every feed of the publication, so a reader can subscribe to
 * all of them, or pick, in one import: the main feeds, the podcast, and each tag's feeds.
 */
export function renderOpml (publication: Publication): string {
  const { site, feedUrls } = publication
  const outline = (text: string, xmlUrl: string, htmlUrl: string, version: string): XmlElement =>
    ({ $: { type: 'rss', version, text, title: text, xmlUrl, htmlUrl } })
  const main = [
    outline(`${site.title} (RSS)`, feedUrls.rss, site.url, 'RSS2'),
    outline(`${site.title} (Atom)`, feedUrls.atom, site.url, 'ATOM'),
    outline(`${site.title} (JSON Feed)`, feedUrls.jsonFeed, site.url, 'JSON'),
    feedUrls.podcast === undefined ? undefined : outline(`${site.title} (Podcast)`, feedUrls.podcast, site.url, 'RSS2')
  ]
  const tags = tagsOf(publication).map((tag) => ({
    $: { text: `Tag: ${tag.name}`, title: `Tag: ${tag.name}` },
    outline: [
      outline(`${site.title}: ${tag.name} (RSS)`, tagFeedUrl(tag.url, 'rss'), tag.url, 'RSS2'),
      outline(`${site.title}: ${tag.name} (Atom)`, tagFeedUrl(tag.url, 'atom'), tag.url, 'ATOM'),
      outline(`${site.title}: ${tag.name} (JSON Feed)`, tagFeedUrl(tag.url, 'json'), tag.url, 'JSON')
    ]
  }))
  return renderXml({
    opml: {
      $: { version: '2.0' },
      head: {
        title: `${site.title}: every feed`,
        // The newest content date, not the clock, so the file changes only with the content.
        dateModified: rfc822(publication.updated),
        ownerName: site.owner?.name
      },
      body: { outline: [...main, ...tags] }
    }
  })
}
