import { issueFeedViews, type FeedView } from '../model/feed-views.ts'
import type { Issue, Publication } from '../model/publication.ts'
import { rfc822 } from './dates.ts'
import { episodeLinksHtml } from './episode-links.ts'
import { hexReferencesInPlainText, plainTextAsHtml } from './plain-text.ts'
import { recentItems } from './recent-items.ts'
import { rssChannelBasics, RSS_ITEMS } from './rss-channel.ts'
import { attributes, NS, renderXmlItem, renderXmlWithItems, textWithAttributes, type XmlElement } from './xml.ts'

/** RSS 2.0 (rssboard.org specification) of issues, each with its episode's audio as the enclosure; by default the main feed. */
export function renderRss (publication: Publication, view: FeedView<Issue> = issueFeedViews(publication, 'rss')[0]!): string {
  return renderXmlWithItems({
    rss: {
      $: { version: '2.0', 'xmlns:atom': NS.atom, 'xmlns:content': NS.content, 'xmlns:dc': NS.dc, 'xmlns:fh': NS.fh },
      channel: rssChannelBasics(publication, view)
    }
  }, RSS_ITEMS, recentRssItems(view.items, rssItemText), hexReferencesInPlainText)
}

const recentRssItems = recentItems<Issue>()

// Plain-text references are rewritten in each part of a document on its own: every element they
// apply to lies wholly within the channel's frame or within one item.
function rssItemText (issue: Issue): string {
  return hexReferencesInPlainText(renderXmlItem('item', rssItem(issue), RSS_ITEMS))
}

function rssItem (issue: Issue): XmlElement {
  const audio = issue.episode?.audio
  return {
    title: issue.title,
    link: issue.url,
    // Not a permalink: the id is a urn:uuid that outlives any change of address.
    guid: textWithAttributes(issue.id, { isPermaLink: 'false' }),
    pubDate: rfc822(issue.date),
    // The summary is plain text; readers render description as HTML (see plain-text.ts).
    description: plainTextAsHtml(issue.summary),
    'content:encoded': issue.html + episodeLinksHtml(issue.episode),
    // RSS `author` must be an email address; dc:creator carries a name, as most readers expect.
    'dc:creator': issue.authors.map((author) => author.name),
    category: issue.tags.map((tag) => tag),
    enclosure: audio === undefined ? undefined : attributes({ url: audio.url, length: audio.length, type: audio.type })
  }
}
