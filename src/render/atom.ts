import type { Issue, Person, Publication } from '../model/publication.ts'
import { rfc3339 } from './dates.ts'
import { episodeLinksHtml, episodePlatformLinks } from './episode-links.ts'
import { attributes, NS, renderXml, textWithAttributes, type XmlElement } from './xml.ts'

/** Atom 1.0 (RFC 4287) of every published issue; audio is a `rel="enclosure"` link with its true type and length. */
export function renderAtom (publication: Publication): string {
  const { site } = publication
  return renderXml({
    feed: {
      $: { xmlns: NS.atom, 'xml:lang': site.language },
      // The podcast GUID is pinned or derived once, so the feed id survives a change of address.
      id: `urn:uuid:${site.podcastGuid}`,
      title: textWithAttributes(site.title, { type: 'text' }),
      subtitle: textWithAttributes(site.description, { type: 'text' }),
      updated: rfc3339(publication.issuesUpdated),
      author: site.authors.map(atomPerson),
      link: [
        attributes({ rel: 'self', type: 'application/atom+xml', href: publication.feedUrls.atom }),
        attributes({ rel: 'alternate', type: 'text/html', href: site.url }),
        ...site.hubs.map((hub) => attributes({ rel: 'hub', href: hub })),
        site.youtube === undefined ? undefined : attributes({ rel: 'related', href: site.youtube, title: 'YouTube' }),
        site.spotify === undefined ? undefined : attributes({ rel: 'related', href: site.spotify, title: 'Spotify' })
      ],
      generator: 'feedwright',
      logo: site.artwork.url,
      rights: site.copyright === undefined ? undefined : textWithAttributes(site.copyright, { type: 'text' }),
      entry: publication.issues.map(atomEntry)
    }
  })
}

function atomEntry (issue: Issue): XmlElement {
  const audio = issue.episode?.audio
  return {
    id: issue.id,
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
