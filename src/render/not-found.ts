import type { Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { notFoundPageUrl } from '../model/urls.ts'
import { joinLines, renderPage } from './html-layout.ts'
import { renderIssueList } from './html.ts'

/** How many of the newest issues the page offers instead of what was not found. */
const NEWEST = 5

/**
 * The page a person gets for an address where nothing is published (`404.html`, which static
 * hosts serve by that name): what happened, the way home, and the newest issues. Every link is
 * absolute, because the page is served at whatever address was asked for.
 */
export function renderNotFoundPage (publication: Publication): string {
  const { site } = publication
  return renderPage(publication, {
    title: `Page not found — ${site.title}`,
    description: `There is no page at this address on ${site.title}.`,
    url: notFoundPageUrl(site.url),
    unlisted: true,
    main: joinLines(
      '<h1>Page not found</h1>',
      `<p>There is nothing at this address: the link may be mistyped, or the page may have moved. Everything ${escapeHtml(site.title)} has published is on the <a href="${escapeHtml(site.url)}">home page</a>.</p>`,
      publication.issues.length > 0 && renderIssueList(publication.issues.slice(0, NEWEST), 'Newest issues')
    )
  })
}
