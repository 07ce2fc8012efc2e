import type { Publication } from '../model/publication.ts'
import { tagsOf } from '../model/tags.ts'
import { tagFeedUrl } from '../model/urls.ts'
import { rfc822 } from './dates.ts'
import { plainTextAsHtml } from './plain-text.ts'
import { renderXml, type XmlElement } from './xml.ts'

/**
 * OPML 2.0 (opml.org/spec2) listing every feed of the publication, so a reader can subscribe to
 * all of them, or pick, in one import: the main feeds, the podcast, and each tag's feeds.
 */
export function renderOpml (publication: Publication): string {
  const { site, feedUrls } = publication
  // OPML 2.0: "text attributes may contain encoded HTML markup", and the W3C validator reads text
  // and title as HTML, so plain text is HTML-escaped (then escaped again for XML).
  // type="rss" marks a subscription whatever the feed's format (OPML 2.0, "Subscription lists").
  // version may only be RSS, RSS1, RSS2 or scriptingNews; the spec knows no value for Atom or
  // JSON Feed, so theirs is left out rather than invented.
  const outline = (text: string, xmlUrl: string, htmlUrl: string, version?: 'RSS2'): XmlElement =>
    ({ $: { type: 'rss', version, text: plainTextAsHtml(text), title: plainTextAsHtml(text), xmlUrl, htmlUrl } })
  const main = [
    outline(`${site.title} (RSS)`, feedUrls.rss, site.url, 'RSS2'),
    outline(`${site.title} (Atom)`, feedUrls.atom, site.url),
    outline(`${site.title} (JSON Feed)`, feedUrls.jsonFeed, site.url),
    feedUrls.podcast === undefined ? undefined : outline(`${site.title} (Podcast)`, feedUrls.podcast, site.url, 'RSS2')
  ]
  const tags = tagsOf(publication).map((tag) => ({
    // A group is text only: any other attribute would call for a type (the W3C validator's
    // "outline does not have a type attribute"), and readers take the text as a folder or tag name.
    $: { text: plainTextAsHtml(`Tag: ${tag.name}`) },
    outline: [
      outline(`${site.title}: ${tag.name} (RSS)`, tagFeedUrl(tag.url, 'rss'), tag.url, 'RSS2'),
      outline(`${site.title}: ${tag.name} (Atom)`, tagFeedUrl(tag.url, 'atom'), tag.url),
      outline(`${site.title}: ${tag.name} (JSON Feed)`, tagFeedUrl(tag.url, 'json'), tag.url)
    ]
  }))
  return renderXml({
    opml: {
      $: { version: '2.0' },
      head: {
        title: plainTextAsHtml(`${site.title}: every feed`),
        // The newest content date, not the clock, so the file changes only with the content.
        dateModified: rfc822(publication.updated),
        ownerName: site.owner === undefined ? undefined : plainTextAsHtml(site.owner.name)
      },
      body: { outline: [...main, ...tags] }
    }
  })
}
