import type { Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { iconUrl, manifestUrl } from '../model/urls.ts'
import { rfc3339 } from './dates.ts'

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
  /** What a link to the page shows when shared; without it, the page as a website with the show's artwork. */
  readonly share?: Share
  /** A page served at addresses that are not its own (the 404 page): no canonical link, not indexed, not shared. */
  readonly unlisted?: boolean
}

/**
 * What a chat or social network shows for a link to the page: OpenGraph (ogp.me), which they all
 * read, and the Twitter card type, which X reads beside it (it takes title, description and image
 * from OpenGraph when its own tags are absent, so they are not repeated).
 */
export interface Share {
  /** `og:type`: an issue or episode is an article; lists are the website. */
  readonly type: 'website' | 'article'
  /** `og:title`: the page's own title, without the site's name (`og:site_name` carries that). */
  readonly title: string
  /** The image to show; without it, the show's square artwork. */
  readonly image?: ShareImage
  /** `article:published_time`, `article:modified_time`, `article:tag`. */
  readonly published?: Date
  readonly modified?: Date
  readonly tags?: readonly string[]
  /** `og:audio`: the episode to play. */
  readonly audio?: { readonly url: string, readonly type: string }
}

export interface ShareImage {
  readonly url: string
  /** Text for people who cannot see it: `og:image:alt`. */
  readonly alt: string
  readonly width?: number
  readonly height?: number
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
.subscribe { margin: 2rem 0; padding: 1rem 1rem .5rem; border: 1px solid var(--rule); border-radius: 8px }
.subscribe h2 { margin-top: 0 }
.subscribe h3 { margin: 1.25rem 0 .5rem; font-size: 1rem }
ul.apps { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 .75rem; padding: 0; list-style: none }
ul.apps a { display: inline-block; padding: .375rem .875rem; border: 1px solid var(--rule); border-radius: 1.25rem; text-decoration: none; font-weight: 600 }
ul.apps a:hover, ul.apps a:focus-visible { border-color: var(--link) }
.copy { display: flex; flex-wrap: wrap; align-items: center; gap: .375rem .5rem; margin: 0 0 .75rem }
.copy label { flex-basis: 100% }
.copy input { flex: 1 1 14rem; min-width: 0; padding: .375rem .5rem; font: .9375rem ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: var(--text); background: var(--code); border: 1px solid var(--rule); border-radius: 4px }
.copy button { padding: .375rem .875rem; font: inherit; font-size: .9375rem; color: var(--back); background: var(--link); border: 0; border-radius: 4px; cursor: pointer }
.copy button[hidden] { display: none }
.copied { flex-basis: 100%; color: var(--muted); font-size: .875rem }
.copied:empty { display: none }
nav.issues { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1rem; margin: 2rem 0; padding-top: 1rem; border-top: 1px solid var(--rule) }
nav.issues a { display: block; max-width: 20rem }
nav.issues .next { margin-left: auto; text-align: right }
nav.issues span { display: block; color: var(--muted); font-size: .875rem }
`.trim()

/**
 * What makes the copy buttons work, inlined on the pages that have them: no framework, no
 * request. It shows each button only where `navigator.clipboard` exists, and announces the
 * result in the status beside it; if writing fails, it selects the address for copying by hand.
 */
const COPY_SCRIPT = `
for (const button of document.querySelectorAll('button[data-copy]')) {
  const field = document.getElementById(button.dataset.copy)
  const status = button.nextElementSibling
  if (!navigator.clipboard || !field || !status) continue
  button.hidden = false
  button.addEventListener('click', () => {
    navigator.clipboard.writeText(field.value).then(
      () => { status.textContent = 'Copied' },
      () => { field.select(); status.textContent = 'Press Ctrl+C (⌘C on a Mac) to copy' })
  })
}
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
    /<button [^>]*\bdata-copy=/.test(page.main) && `<script>\n${COPY_SCRIPT}\n</script>`,
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
    page.unlisted === true ? '<meta name="robots" content="noindex">' : `<link rel="canonical" href="${escapeHtml(page.url)}">`,
    page.unlisted !== true && renderShareTags(publication, page),
    renderIconLinks(publication),
    ...(page.feeds ?? listFeedLinks(publication)).map((feed) =>
      `<link rel="alternate" type="${feed.type}" title="${escapeHtml(`${site.title} (${feed.name})`)}" href="${escapeHtml(feed.url)}">`),
    `<style>\n${STYLE}\n</style>`,
    '</head>'
  )
}

function renderShareTags (publication: Publication, page: Page): string {
  const { site } = publication
  const share = page.share ?? { type: 'website', title: page.title }
  const image = share.image ?? (site.artwork === undefined ? undefined : { url: site.artwork.url, alt: `Cover art of ${site.title}`, width: site.artwork.width, height: site.artwork.height })
  const meta = (property: string, content: string | number | undefined): string | false =>
    content !== undefined && `<meta property="${property}" content="${escapeHtml(String(content))}">`
  return joinLines(
    meta('og:type', share.type),
    meta('og:site_name', site.title),
    meta('og:title', share.title),
    meta('og:description', page.description),
    meta('og:url', page.url),
    meta('og:image', image?.url),
    meta('og:image:width', image?.width),
    meta('og:image:height', image?.height),
    meta('og:image:alt', image?.alt),
    share.audio !== undefined && meta('og:audio', share.audio.url),
    share.audio !== undefined && meta('og:audio:type', share.audio.type),
    share.published !== undefined && meta('article:published_time', rfc3339(share.published)),
    share.modified !== undefined && meta('article:modified_time', rfc3339(share.modified)),
    ...(share.tags ?? []).map((tag) => meta('article:tag', tag)),
    // The artwork is square, which the small card shows whole; an issue's own image gets the large card.
    `<meta name="twitter:card" content="${share.image === undefined ? 'summary' : 'summary_large_image'}">`
  )
}

// The ICO holds 16, 32 and 48 px; the touch icon is the size iOS asks for; the manifest names Android's.
function renderIconLinks (publication: Publication): string | false {
  const { url } = publication.site
  return publication.site.artwork?.icons !== undefined && joinLines(
    `<link rel="icon" href="${escapeHtml(iconUrl(url, 'favicon'))}" sizes="16x16 32x32 48x48">`,
    `<link rel="apple-touch-icon" href="${escapeHtml(iconUrl(url, 'apple-touch-icon'))}">`,
    `<link rel="manifest" href="${escapeHtml(manifestUrl(url))}">`
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
