import type { Episode, Person, Site } from '../model/publication.ts'
import { attributes, type XmlElement } from './xml.ts'

// Apple Podcasts RSS feed requirements (podcasters.apple.com, "Podcast RSS feed requirements").

/** Channel tags Apple requires or recommends. */
export function itunesChannel (site: Site): XmlElement {
  return {
    'itunes:image': site.artwork === undefined ? undefined : attributes({ href: site.artwork.url }),
    'itunes:category': site.category === undefined
      ? undefined
      : {
          $: { text: site.category.name },
          'itunes:category': site.category.subcategory === undefined ? undefined : attributes({ text: site.category.subcategory })
        },
    // "true"/"false": Apple's current values; the older yes/no/clean are deprecated.
    'itunes:explicit': String(site.explicit),
    'itunes:author': names(site.authors),
    'itunes:owner': site.owner === undefined ? undefined : { 'itunes:name': site.owner.name, 'itunes:email': site.owner.email },
    'itunes:type': site.podcastType
  }
}

/** Item tags Apple requires or recommends. */
export function itunesItem (episode: Episode, authors: readonly Person[]): XmlElement {
  return {
    // Whole seconds: Apple accepts seconds or HH:MM:SS, and seconds need no padding rules.
    'itunes:duration': episode.audio.durationSeconds,
    'itunes:episode': episode.episode,
    'itunes:season': episode.season,
    'itunes:episodeType': episode.episodeType,
    'itunes:explicit': String(episode.explicit),
    'itunes:author': names(authors)
  }
}

function names (people: readonly Person[]): string {
  return people.map((person) => person.name).join(', ')
}
