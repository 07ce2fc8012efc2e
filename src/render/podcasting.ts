import type { Episode, Site } from '../model/publication.ts'
import { attributes, textWithAttributes, type XmlElement } from './xml.ts'

// Podcasting 2.0 namespace (podcastindex.org/namespace/1.0): the tags apps act on today.

/** Channel tags: the show's permanent GUID, the lock against imports, and where to support it. */
export function podcastChannel (site: Site): XmlElement {
  return {
    'podcast:guid': site.podcastGuid,
    // owner tells a hosting company whom to ask before moving a locked feed.
    'podcast:locked': textWithAttributes(site.locked ? 'yes' : 'no', { owner: site.owner?.email }),
    'podcast:funding': site.funding === undefined ? undefined : textWithAttributes(site.funding.text, { url: site.funding.url })
  }
}

/** Item tags: transcript, chapters, and season and episode numbers. */
export function podcastItem (episode: Episode): XmlElement {
  return {
    // rel="captions" because both VTT and SRT are timed, so apps can show them in sync.
    'podcast:transcript': episode.transcript === undefined ? undefined : attributes({ url: episode.transcript.url, type: episode.transcript.type, rel: 'captions' }),
    'podcast:chapters': episode.chapters === undefined ? undefined : attributes({ url: episode.chapters.url, type: episode.chapters.type }),
    'podcast:season': episode.season,
    'podcast:episode': episode.episode
  }
}
