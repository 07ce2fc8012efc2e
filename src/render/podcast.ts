import { podcastFeedViews, type FeedView } from '../model/feed-views.ts'
import type { Episode, Person, Publication } from '../model/publication.ts'
import { rfc822 } from './dates.ts'
import { episodeLinksHtml } from './episode-links.ts'
import { itunesChannel, itunesItem } from './itunes.ts'
import { hexReferencesInPlainText, plainTextAsHtml } from './plain-text.ts'
import { recentItems } from './recent-items.ts'
import { rssChannelBasics, RSS_ITEMS } from './rss-channel.ts'
import { podcastChannel, podcastItem } from './podcasting.ts'
import { attributes, NS, renderXmlItem, renderXmlWithItems, textWithAttributes, type XmlElement } from './xml.ts'

/** Podcast RSS of every episode, for Apple Podcasts and Podcasting 2.0 apps. */
export function renderPodcast (publication: Publication, view: FeedView<Episode> = podcastFeedViews(publication)[0]!): string {
  const { site } = publication
  const issueBySlug = new Map(publication.issues.map((issue) => [issue.slug, issue]))
  const authorsOf = (episode: Episode): readonly Person[] => (episode.issueSlug === undefined ? undefined : issueBySlug.get(episode.issueSlug))?.authors ?? site.authors
  // Plain-text references are rewritten in each item on its own, as in rss.ts.
  const itemText = (episode: Episode): string => hexReferencesInPlainText(renderXmlItem('item', podcastEpisode(episode, authorsOf(episode)), RSS_ITEMS))
  return renderXmlWithItems({
    rss: {
      $: { version: '2.0', 'xmlns:atom': NS.atom, 'xmlns:content': NS.content, 'xmlns:fh': NS.fh, 'xmlns:itunes': NS.itunes, 'xmlns:podcast': NS.podcast },
      channel: {
        ...rssChannelBasics(publication, view),
        ...itunesChannel(site),
        ...podcastChannel(site, publication.episodes.filter((episode) => episode.episodeType === 'trailer'))
      }
    }
  }, RSS_ITEMS, recentEpisodeItems(view.items, itemText, (episode) => JSON.stringify(authorsOf(episode))), hexReferencesInPlainText)
}

// An episode's item names its issue's authors too, so they are part of what it is remembered with.
const recentEpisodeItems = recentItems<Episode>()

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
