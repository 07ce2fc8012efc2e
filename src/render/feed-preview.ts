import type { FeedView } from '../model/feed-views.ts'
import type { Episode, Issue, Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { joinLines, renderPage } from './html-layout.ts'
import { formatHumanDate } from './html.ts'
import { feedTitle } from './rss-channel.ts'

/**
 * What a person sees who opens a feed's URL in a browser: what a feed is, how to subscribe with
 * this very address, and what the feed holds. Feed readers never get it: see the server's feed
 * routes for how the two are told apart.
 */
export function renderFeedPreview (publication: Publication, view: FeedView<Issue | Episode>, formatName: string): string {
  const title = feedTitle(publication, view)
  return renderPage(publication, {
    title: `${title} (${formatName} feed)`,
    description: `Subscribe to ${title} in a feed reader or podcast app.`,
    url: view.url,
    main: joinLines(
      `<h1>${escapeHtml(title)}</h1>`,
      `<p>This is a <strong>${escapeHtml(formatName)} feed</strong>: a page for feed readers and podcast apps, which check it for new issues so you do not have to. To subscribe, copy its address into your reader or app:</p>`,
      `<p><code>${escapeHtml(view.url)}</code></p>`,
      '<p>Reading on the web instead? Every issue is also on the <a href="' + escapeHtml(publication.site.url) + '">home page</a>.</p>',
      '<h2>In this feed</h2>',
      view.items.length === 0
        ? '<p>Nothing yet.</p>'
        : joinLines('<ul>', ...view.items.map((item) => `<li><a href="${escapeHtml(item.url)}">${escapeHtml(item.title)}</a> (${formatHumanDate(item.date)})</li>`), '</ul>')
    )
  })
}
