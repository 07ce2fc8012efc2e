import type { FeedFormat, FeedView } from '../model/feed-views.ts'
import type { Episode, Issue, Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { joinLines, renderPage } from './html-layout.ts'
import { formatHumanDate } from './html.ts'
import { feedTitle } from './rss-channel.ts'
import { renderAppLinks, renderCopyField } from './subscribe.ts'

/** How a page names each format in a sentence, article included: "an RSS feed", "a JSON Feed". */
const FEED_NAMES: Readonly<Record<FeedFormat, { readonly short: string, readonly inSentence: string }>> = {
  rss: { short: 'RSS feed', inSentence: 'an <strong>RSS feed</strong>' },
  atom: { short: 'Atom feed', inSentence: 'an <strong>Atom feed</strong>' },
  json: { short: 'JSON Feed', inSentence: 'a <strong>JSON Feed</strong>' },
  podcast: { short: 'podcast feed', inSentence: 'a <strong>podcast feed</strong>' }
}

/**
 * What a person sees who opens a feed's URL in a browser: what a feed is, how to subscribe with
 * this very address (the podcast in the apps people use, any feed by copying it), and what the
 * feed holds: episodes in the podcast feed, issues in the others. Feed readers never get it: see
 * the server's feed routes for how the two are told apart.
 */
export function renderFeedPreview (publication: Publication, view: FeedView<Issue | Episode>, format: FeedFormat): string {
  const title = feedTitle(publication, view)
  const name = FEED_NAMES[format]
  const podcast = format === 'podcast'
  const items = podcast ? 'episodes' : 'issues'
  return renderPage(publication, {
    title: `${title} (${name.short})`,
    description: `Subscribe to ${title} in a ${podcast ? 'podcast app' : 'feed reader'}.`,
    url: view.url,
    main: joinLines(
      `<h1>${escapeHtml(title)}</h1>`,
      podcast
        ? `<p>This is ${name.inSentence}: an address for podcast apps, which check it for new episodes and download them for you. Open the show in your app:</p>`
        : `<p>This is ${name.inSentence}: an address for feed readers, which check it for new issues so you do not have to. To subscribe, add this address to your reader:</p>`,
      podcast && renderAppLinks(publication),
      renderCopyField('feed-address', podcast ? 'Or add this address to any podcast app:' : 'The feed\'s address:', view.url),
      `<p>Reading on the web instead? Every issue is also on the <a href="${escapeHtml(publication.site.url)}">home page</a>.</p>`,
      `<h2>${podcast ? 'Episodes' : 'Issues'} in this feed</h2>`,
      view.items.length === 0
        ? `<p>No ${items} yet.</p>`
        : joinLines('<ul>', ...view.items.map((item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a> (${formatHumanDate(item.date)})</li>`), '</ul>')
    )
  })
}
