import type { Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { feedUrl, opmlUrl } from '../model/urls.ts'
import { joinLines } from './html-layout.ts'

/** A podcast app the show can be opened in, by a link that app documents. */
export interface AppLink {
  readonly app: 'Apple Podcasts' | 'Spotify' | 'YouTube' | 'Overcast' | 'Pocket Casts' | 'AntennaPod'
  readonly url: string
}

/**
 * The apps a listener can open the show in, each only where the link can be made: Apple
 * Podcasts, Overcast (overcast.fm/podcasterinfo) and Pocket Casts link by the show's Apple
 * Podcasts id; Spotify and YouTube by the show's own pages there; AntennaPod's documented deep
 * link (antennapod.org, "add on AntennaPod") needs only the feed URL, so it is always offered.
 * Links rather than app URL schemes (pktc:, overcast:, podcast:): a scheme whose app is not
 * installed fails with a browser error, while these pages open the app or explain how to get it.
 */
export function podcastAppLinks (publication: Publication): AppLink[] {
  const { site } = publication
  const id = site.applePodcastsId
  const links: Array<AppLink | false> = [
    id !== undefined && { app: 'Apple Podcasts', url: `https://podcasts.apple.com/podcast/id${id}` },
    site.spotify !== undefined && { app: 'Spotify', url: site.spotify },
    site.youtube !== undefined && { app: 'YouTube', url: site.youtube },
    id !== undefined && { app: 'Overcast', url: `https://overcast.fm/itunes${id}` },
    id !== undefined && { app: 'Pocket Casts', url: `https://pca.st/itunes/${id}` },
    { app: 'AntennaPod', url: `https://antennapod.org/deeplink/subscribe?url=${encodeURIComponent(feedUrl(site.url, 'podcast'))}&title=${encodeURIComponent(site.title)}` }
  ]
  return links.filter((link) => link !== false)
}

/** The list of podcast apps, as buttons. */
export function renderAppLinks (publication: Publication): string {
  return joinLines(
    '<ul class="apps">',
    ...podcastAppLinks(publication).map((link) => `<li><a href="${escapeHtml(link.url)}">${escapeHtml(link.app)}</a></li>`),
    '</ul>'
  )
}

/**
 * A feed address to copy: a read-only field anyone can select, and a "Copy feed address" button
 * that the page's small script shows only where the browser lets a page write to the clipboard
 * (a secure context), so without it nothing is offered that does not work.
 */
export function renderCopyField (id: string, label: string, url: string): string {
  return joinLines(
    '<div class="copy">',
    `<label id="${id}-label" for="${id}">${escapeHtml(label)}</label>`,
    `<input id="${id}" type="url" value="${escapeHtml(url)}" readonly>`,
    `<button type="button" data-copy="${id}" aria-describedby="${id}-label" hidden>Copy feed address</button>`,
    '<span class="copied" role="status"></span>',
    '</div>'
  )
}

/**
 * The one place a home or issue page offers subscribing: the podcast in the apps people use, or
 * by its address for any other app; the issues in a feed reader by the RSS address, which every
 * reader understands; the other formats and the OPML for those who know they want them.
 */
export function renderSubscribeSection (publication: Publication): string {
  const { site } = publication
  return joinLines(
    '<section class="subscribe" aria-labelledby="subscribe">',
    '<h2 id="subscribe">Subscribe</h2>',
    publication.episodes.length > 0 && joinLines(
      '<h3>Listen to the podcast</h3>',
      renderAppLinks(publication),
      renderCopyField('podcast-feed', 'Or add the podcast to any app by its address:', feedUrl(site.url, 'podcast'))
    ),
    '<h3>Read in a feed reader</h3>',
    renderCopyField('rss-feed', 'Add this address to your feed reader:', feedUrl(site.url, 'rss')),
    `<p class="meta">Also as <a href="${escapeHtml(feedUrl(site.url, 'atom'))}">Atom</a> · <a href="${escapeHtml(feedUrl(site.url, 'json'))}">JSON Feed</a> · <a href="${escapeHtml(opmlUrl(site.url))}">every feed at once (OPML)</a></p>`,
    '</section>'
  )
}
