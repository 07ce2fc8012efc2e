import { issueFeedViews, type FeedView } from '../model/feed-views.ts'
import type { Issue, Person, Publication } from '../model/publication.ts'
import { atomEntryId, feedId } from '../model/urls.ts'
import { rfc3339 } from './dates.ts'
import { episodeLinksHtml, episodePlatformLinks } from './episode-links.ts'
import { feedTitle, historyLinks, historyMarkers, hubsOf } from './rss-channel.ts'
import { recentItems } from './recent-items.ts'
import { attributes, NS, renderXmlItem, renderXmlWithItems, textWithAttributes, type ItemsPlace, type XmlElement } from './xml.ts'

/** Atom 1.0 (RFC 4287) of every published issue; audio is a `rel="enclosure"` link with its true type and length. */
export function renderAtom (publication: Publication, view: FeedView<Issue> = issueFeedViews(publication, 'atom')[0]!): string {
  const { site } = publication
  return renderXmlWithItems({
    feed: {
      $: { xmlns: NS.atom, 'xmlns:fh': NS.fh, 'xml:lang': site.language },
      // Pinned or derived once, so the id survives a change of address; every document of one
      // feed shares it (RFC 5005 §4), and a tag's feed has its own, from the tag's stable slug.
      id: feedId(site.podcastGuid, view.tagSlug),
      title: textWithAttributes(feedTitle(publication, view), { type: 'text' }),
      subtitle: textWithAttributes(site.description, { type: 'text' }),
      updated: rfc3339(view.updated),
      author: site.authors.map(atomPerson),
      ...historyMarkers(view),
      link: [
        attributes({ rel: 'self', type: 'application/atom+xml', href: view.url }),
        ...historyLinks(view).map((link) => attributes({ ...link, type: 'application/atom+xml' })),
        attributes({ rel: 'alternate', type: 'text/html', href: view.pageUrl ?? site.url }),
        ...hubsOf(publication, view).map((hub) => attributes({ rel: 'hub', href: hub })),
        site.youtube === undefined ? undefined : attributes({ rel: 'related', href: site.youtube, title: 'YouTube' }),
        site.spotify === undefined ? undefined : attributes({ rel: 'related', href: site.spotify, title: 'Spotify' })
      ],
      generator: 'feedwright',
      logo: site.artwork?.url,
      rights: site.copyright === undefined ? undefined : textWithAttributes(site.copyright, { type: 'text' })
    }
  }, ATOM_ENTRIES, recentEntries(view.items, (issue) => renderXmlItem('entry', atomEntry(issue, site.podcastGuid), ATOM_ENTRIES), () => site.podcastGuid))
}

// Entries come after the rest of the feed element. An entry's id is made from the podcast GUID too.
const ATOM_ENTRIES: ItemsPlace = { name: 'feed', depth: 0 }
const recentEntries = recentItems<Issue>()

function atomEntry (issue: Issue, podcastGuid: string): XmlElement {
  const audio = issue.episode?.audio
  return {
    id: atomEntryId(podcastGuid, issue.id),
    // Plain text stays type="text" (RFC 4287 §3.1.1.1: no markup, escaped once); see plain-text.ts.
    title: textWithAttributes(issue.title, { type: 'text' }),
    updated: rfc3339(issue.updated ?? issue.date),
    published: rfc3339(issue.date),
    author: issue.authors.map(atomPerson),
    link: [
      attributes({ rel: 'alternate', type: 'text/html', href: issue.url }),
      audio === undefined ? undefined : attributes({ rel: 'enclosure', type: audio.type, length: audio.length, href: audio.url }),
      ...episodePlatformLinks(issue.episode).map((link) => attributes({ rel: 'related', type: 'text/html', href: link.url, title: link.platform }))
    ],
    category: issue.tags.map((tag) => attributes({ term: tag })),
    summary: textWithAttributes(issue.summary, { type: 'text' }),
    content: textWithAttributes(issue.html + episodeLinksHtml(issue.episode), { type: 'html' })
  }
}

function atomPerson (person: Person): XmlElement {
  return { name: person.name, email: person.email, uri: person.url }
}
