import { podcastFeedViews, type FeedView } from '../model/feed-views.ts'
import type { Episode, Publication } from '../model/publication.ts'
import { rfc822 } from './dates.ts'
import { episodeLinksHtml } from './episode-links.ts'
import { itunesChannel, itunesItem } from './itunes.ts'
import { hexReferencesInPlainText, plainTextAsHtml } from './plain-text.ts'
import { rssChannelBasics } from './rss-channel.ts'
import { podcastChannel, podcastItem } from './podcasting.ts'
import { attributes, NS, renderXml, textWithAttributes, type XmlElement } from './xml.ts'

/** Podcast RSS of every episode, for Apple Podcasts and Podcasting 2.0 apps. */
export function renderPodcast (publication: Publication, view: FeedView<Episode> = podcastFeedViews(publication)[0]!): string {
  const { site } = publication
  const issueBySlug = new Map(publication.issues.map((issue) => [issue.slug, issue]))
  const authorsOf = (episode: Episode) => (episode.issueSlug === undefined ? undefined : issueBySlug.get(episode.issueSlug))?.authors ?? site.authors
  return hexReferencesInPlainText(renderXml({
    rss: {
      $: { version: '2.0', 'xmlns:atom': NS.atom, 'xmlns:content': NS.content, 'xmlns:fh': NS.fh, 'xmlns:itunes': NS.itunes, 'xmlns:podcast': NS.podcast },
      channel: {
        ...rssChannelBasics(publication, view),
        ...itunesChannel(site),
        ...podcastChannel(site, publication.episodes.filter((episode) => episode.episodeType === 'trailer')),
        item: view.items.map((episode) => podcastEpisode(episode, authorsOf(episode)))
      }
    }
  }))
}

function podcastEpisode (episode: Episode, authors: Parameters<typeof itunesItem>[1]): XmlElement {
  return {
    title: episode.title,
    link: episode.url,
    guid: textWithAttributes(episode.guid, { isPermaLink: 'false' }),
    pubDate: rfc822(episode.date),
    // Plain text, HTML-escaped: Apple and other apps render description as HTML (see plain-text.ts).
    description: plainTextAsHtml(episode.summary),
    'content:encoded': episode.showNotesHtml + episodeLinksHtml(episode),
    // The audio file is the only enclosure; YouTube and Spotify are pages, linked in the show notes.
    enclosure: attributes({ url: episode.audio.url, length: episode.audio.length, type: episode.audio.type }),
    ...itunesItem(episode, authors),
    ...podcastItem(episode)
  }
}
