import type { Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'

/** One feed as a page offers it: an autodiscovery link in the head, a plain link under "Subscribe". */
export interface FeedLink {
  readonly url: string
  /** The media type of the autodiscovery link. */
  readonly type: string
  /** Short name for the autodiscovery `title`, which feed readers show when a page offers several feeds. */
  readonly name: string
  /** What a reader sees under "Subscribe". */
  readonly label: string
}

/** A page's own parts; the shell adds everything every page shares. */
export interface Page {
  /** The `<title>`: what a tab, a bookmark or a search result shows. */
  readonly title: string
  /** The `<meta name="description">`, plain text. */
  readonly description: string
  /** The page's absolute URL, for `<link rel="canonical">`. */
  readonly url: string
  /** HTML of the page's `<main>`, already escaped. */
  readonly main: string
  /** The feeds this page offers for autodiscovery, when not the publication's own (a tag page offers its tag's). */
  readonly feeds?: readonly FeedLink[]
}

// One column of system text that reads well on a phone and a desktop, in light and dark.
const STYLE = `
:root { color-scheme: light dark; --text: #1f2328; --muted: #59636e; --back: #fff; --link: #0a58ca; --rule: #d0d7de; --code: #f3f4f6 }
@media (prefers-color-scheme: dark) {
  :root { --text: #e6edf3; --muted: #9da7b3; --back: #11151a; --link: #8ab4f8; --rule: #30363d; --code: #1c2128 }
}
body { max-width: 42rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; font: 1.0625rem/1.6 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--text); background: var(--back); overflow-wrap: break-word }
a { color: var(--link) }
h1, h2, h3 { line-height: 1.25 }
img { max-width: 100%; height: auto }
audio { display: block; width: 100%; margin: .5rem 0 }
pre, code { background: var(--code); border-radius: 4px; font-size: .9em }
pre { padding: .75rem; overflow-x: auto }
ul.plain { padding-left: 0; list-style: none }
ul.plain > li { margin: 0 0 1.25rem }
ul.plain h3 { margin: 0 }
.masthead img { width: 10rem; border-radius: 8px }
.meta, .site-name, footer { color: var(--muted); font-size: .9375rem }
.meta, ul.plain p { margin: .25rem 0 }
.marker { border: 1px solid var(--rule); border-radius: 1rem; padding: 0 .5rem; font-size: .8125rem }
.episode { margin: 1.5rem 0; padding: 1rem; border: 1px solid var(--rule); border-radius: 8px }
.episode h2 { margin-top: 0 }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule) }
`.trim()

/**
 * The four feeds, RSS first: feed readers that find several autodiscovery links usually take the first,
 * and RSS is the one every reader understands.
 */
export function listFeedLinks (publication: Publication): FeedLink[] {
  const { feedUrls } = publication
  return [
    { url: feedUrls.rss, type: 'application/rss+xml', name: 'RSS', label: 'RSS' },
    { url: feedUrls.atom, type: 'application/atom+xml', name: 'Atom', label: 'Atom' },
    { url: feedUrls.jsonFeed, type: 'application/feed+json', name: 'JSON Feed', label: 'JSON Feed' },
    { url: feedUrls.podcast, type: 'application/rss+xml', name: 'Podcast', label: 'Podcast (Apple Podcasts, Overcast, …)' }
  ].filter((link): link is FeedLink => link.url !== undefined)
}

/** Joins the parts that are present, one per line; `false`, `undefined` and `''` are left out. */
export function joinLines (...parts: ReadonlyArray<string | false | undefined>): string {
  return parts.filter((part) => typeof part === 'string' && part !== '').join('\n')
}

/** A complete HTML document: head with canonical and feed autodiscovery links, the site header, the page, the footer. */
export function renderPage (publication: Publication, page: Page): string {
  return joinLines(
    '<!doctype html>',
    `<html lang="${escapeHtml(publication.site.language)}">`,
    renderHead(publication, page),
    '<body>',
    renderHeader(publication, page),
    '<main>',
    page.main,
    '</main>',
    renderFooter(publication, page),
    '</body>',
    '</html>'
  ) + '\n'
}

function renderHead (publication: Publication, page: Page): string {
  const { site } = publication
  return joinLines(
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)}</title>`,
    `<meta name="description" content="${escapeHtml(page.description)}">`,
    `<link rel="canonical" href="${escapeHtml(page.url)}">`,
    ...(page.feeds ?? listFeedLinks(publication)).map((feed) =>
      `<link rel="alternate" type="${feed.type}" title="${escapeHtml(`${site.title} (${feed.name})`)}" href="${escapeHtml(feed.url)}">`),
    `<style>\n${STYLE}\n</style>`,
    '</head>'
  )
}

// The home page introduces the publication; every other page only names it and links home.
function renderHeader (publication: Publication, page: Page): string {
  const { site } = publication
  if (!isHomePage(publication, page)) {
    return `<header class="site-name"><a href="${escapeHtml(site.url)}">${escapeHtml(site.title)}</a></header>`
  }
  const { artwork } = site
  return joinLines(
    '<header class="masthead">',
    // width and height are the file's own, so the browser reserves the right box before the image arrives.
    artwork !== undefined && `<img src="${escapeHtml(artwork.url)}" alt="${escapeHtml(`Cover art of ${site.title}`)}" width="${artwork.width}" height="${artwork.height}">`,
    `<h1>${escapeHtml(site.title)}</h1>`,
    `<p>${escapeHtml(site.description)}</p>`,
    '</header>'
  )
}

function renderFooter (publication: Publication, page: Page): string {
  const { site } = publication
  const content = joinLines(
    !isHomePage(publication, page) && `<p><a href="${escapeHtml(site.url)}">← All issues of ${escapeHtml(site.title)}</a></p>`,
    site.copyright !== undefined && `<p>${escapeHtml(site.copyright)}</p>`
  )
  return content === '' ? '' : joinLines('<footer>', content, '</footer>')
}

function isHomePage (publication: Publication, page: Page): boolean {
  return page.url === publication.site.url
}
