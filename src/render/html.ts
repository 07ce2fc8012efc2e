import type { Episode, Issue, Person, Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { rfc3339 } from './dates.ts'
import { renderEpisodePlayer } from './episode-player.ts'
import { oncePer } from '../model/once-per.ts'
import { splitIntoPages } from '../model/feed-views.ts'
import { tagSlug, tagsOf, type Tag } from '../model/tags.ts'
import { archivePageUrl as archiveUrl, tagFeedUrl, tagUrl } from '../model/urls.ts'
import { joinLines, renderPage, type FeedLink, type ShareImage } from './html-layout.ts'
import { renderSubscribeSection } from './subscribe.ts'

export { formatClock as formatDuration, formatMegabytes } from './episode-player.ts'

// English names by table rather than Intl, so a page reads the same on every machine and ICU build.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

type IssueListPages = { readonly home: readonly Issue[], readonly archives: ReadonlyArray<readonly Issue[]> }

/**
 * The pages of the issue list: the home page with the newest, then archive pages counted from the
 * oldest. Split once per publication: each of the hundreds of archive pages of a large archive asks.
 */
export const issueListPages = oncePer((publication: Publication): IssueListPages => {
  const { current, archives } = splitIntoPages(publication.issues, publication.site.feedSize)
  return { home: current, archives }
})

/** Absolute URL of archive page `page` of the issue list. */
export function archivePageUrl (publication: Publication, page: number): string {
  return archiveUrl(publication.site.url, page)
}

/** The home page (`site.url`): the publication, where to subscribe, the newest issues, the tags and the bonus episodes. */
export function renderHomePage (publication: Publication): string {
  const { site } = publication
  const { home, archives } = issueListPages(publication)
  const bonusEpisodes = publication.episodes.filter((episode) => episode.issueSlug === undefined)
  const tags = tagsOf(publication)
  return renderPage(publication, {
    title: site.title,
    description: site.description,
    url: site.url,
    main: joinLines(
      renderSubscribeSection(publication),
      renderIssueList(home),
      archives.length > 0 && renderPager({ older: archivePageUrl(publication, archives.length) }),
      tags.length > 0 && renderTagList(tags),
      bonusEpisodes.length > 0 && renderBonusEpisodeList(bonusEpisodes)
    )
  })
}

/** Archive page `page` of the issue list (`/archive/N`, 1 the oldest), linked to its neighbours. */
export function renderArchivePage (publication: Publication, page: number): string {
  const { archives } = issueListPages(publication)
  const issues = archives[page - 1] ?? []
  return renderPage(publication, {
    title: `Issues, page ${page} of ${archives.length + 1} — ${publication.site.title}`,
    description: `Older issues of ${publication.site.title}.`,
    url: archivePageUrl(publication, page),
    main: joinLines(
      // Every page needs its own top heading: screen reader users jump to it first.
      '<h1>Older issues</h1>',
      renderIssueList(issues, `Page ${page} of ${archives.length + 1}`),
      renderPager({
        newer: page === archives.length ? publication.site.url : archivePageUrl(publication, page + 1),
        older: page > 1 ? archivePageUrl(publication, page - 1) : undefined
      })
    )
  })
}

/** A tag's page (`/tags/SLUG`): its issues, and its own feeds to subscribe to. */
export function renderTagPage (publication: Publication, tag: Tag): string {
  const feeds = tagFeedLinks(publication, tag)
  return renderPage(publication, {
    title: `${tag.name} — ${publication.site.title}`,
    description: `Issues of ${publication.site.title} about ${tag.name}.`,
    url: tag.url,
    feeds,
    main: joinLines(
      `<h1>${escapeHtml(tag.name)}</h1>`,
      `<p>Subscribe to this tag: ${feeds.map((feed) => renderLink(feed.url, feed.label)).join(' · ')}</p>`,
      renderIssueList(tag.issues)
    )
  })
}

/** A tag's three feeds, as a page offers them. */
export function tagFeedLinks (publication: Publication, tag: Tag): FeedLink[] {
  return [
    { url: tagFeedUrl(tag.url, 'rss'), type: 'application/rss+xml', name: `${tag.name}, RSS`, label: 'RSS' },
    { url: tagFeedUrl(tag.url, 'atom'), type: 'application/atom+xml', name: `${tag.name}, Atom`, label: 'Atom' },
    { url: tagFeedUrl(tag.url, 'json'), type: 'application/feed+json', name: `${tag.name}, JSON Feed`, label: 'JSON Feed' }
  ]
}

/** An issue's page (`issue.url`): its text, its episode to play, the issues before and after it, and where to subscribe. */
export function renderIssuePage (publication: Publication, issue: Issue): string {
  return renderPage(publication, {
    title: `${issue.title} — ${publication.site.title}`,
    description: issue.summary,
    url: issue.url,
    share: {
      type: 'article',
      title: issue.title,
      image: firstImageOf(publication, issue.html),
      published: issue.date,
      modified: issue.updated,
      tags: issue.tags,
      audio: issue.episode === undefined ? undefined : { url: issue.episode.audio.url, type: issue.episode.audio.type }
    },
    main: joinLines(
      '<article>',
      '<header>',
      `<h1>${escapeHtml(issue.title)}</h1>`,
      `<p class="meta">${joinSeparated(renderPublished(issue.date, issue.updated), renderAuthors(issue.authors))}</p>`,
      issue.tags.length > 0 && `<p class="meta">Tags: ${issue.tags.map((tag) => renderLink(tagUrl(publication.site.url, tagSlug(tag)), tag)).join(', ')}</p>`,
      '</header>',
      // The player comes before the text, so a listener need not scroll past a whole newsletter to find it.
      issue.episode !== undefined && renderEpisodePlayer(issue.episode, publication.site.language),
      // Sanitized when the content was loaded: inserted as it is.
      issue.html,
      '</article>',
      renderIssueNeighbours(publication, issue),
      renderSubscribeSection(publication)
    )
  })
}

/** The issues published just before and just after this one, if any: `older` and `newer`. */
export function issueNeighbours (publication: Publication, issue: Issue): { older?: Issue, newer?: Issue } {
  const index = positionsOf(publication).get(issue.slug)
  if (index === undefined) return {}
  return { older: publication.issues[index + 1], newer: index > 0 ? publication.issues[index - 1] : undefined }
}

// Issue positions by slug, found once per publication: rendering every page of 100,000 issues
// must not search the list for each.
const positionsOf = oncePer((publication: Publication): ReadonlyMap<string, number> => new Map(publication.issues.map((each, index) => [each.slug, index])))

/** An episode's page (`episode.url`): the player, chapters, transcript and show notes; the podcast item's link. */
export function renderEpisodePage (publication: Publication, episode: Episode): string {
  return renderPage(publication, {
    title: `${episode.title} — ${publication.site.title}`,
    description: episode.summary,
    url: episode.url,
    share: { type: 'article', title: episode.title, published: episode.date, audio: { url: episode.audio.url, type: episode.audio.type } },
    main: joinLines(
      '<article>',
      '<header>',
      `<h1>${escapeHtml(episode.title)}</h1>`,
      `<p class="meta">${renderPublished(episode.date)}</p>`,
      episode.issueUrl !== undefined && `<p>${renderLink(episode.issueUrl, 'Read the issue this episode goes with')}</p>`,
      '</header>',
      renderEpisodePlayer(episode, publication.site.language),
      episode.showNotesHtml,
      '</article>'
    )
  })
}

/** A date as a reader says it (`27 January 2023`), in UTC like every date the feeds carry. */
export function formatHumanDate (date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`
}

function renderIssueNeighbours (publication: Publication, issue: Issue): string | false {
  const { older, newer } = issueNeighbours(publication, issue)
  if (older === undefined && newer === undefined) return false
  const link = (neighbour: Issue, rel: 'prev' | 'next', label: string): string =>
    `<a class="${rel}" rel="${rel}" href="${escapeHtml(neighbour.url)}"><span>${label}</span>${escapeHtml(neighbour.title)}</a>`
  return joinLines(
    '<nav class="issues" aria-label="Previous and next issue">',
    older !== undefined && link(older, 'prev', '← Previous issue'),
    newer !== undefined && link(newer, 'next', 'Next issue →'),
    '</nav>'
  )
}

// An issue shared on its own shows its own first picture; sanitized HTML always writes `src="…"`
// with the URL absolute and `&` escaped, so the first <img> is found without parsing the page.
function firstImageOf (publication: Publication, html: string): ShareImage | undefined {
  const tag = /<img\b[^>]*>/.exec(html)?.[0]
  const src = tag === undefined ? undefined : /\ssrc="(https?:\/\/[^"]+)"/.exec(tag)?.[1]
  if (tag === undefined || src === undefined) return undefined
  const url = decodeAttribute(src)
  const { artwork } = publication.site
  // The show's own artwork keeps its known size, and the small card that suits a square.
  if (url === artwork?.url) return undefined
  return { url, alt: decodeAttribute(/\salt="([^"]*)"/.exec(tag)?.[1] ?? '') }
}

function decodeAttribute (value: string): string {
  return value.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'" })[name] ?? '')
}

function renderPager ({ newer, older }: { newer?: string, older?: string }): string {
  const links = [newer !== undefined && renderLink(newer, '← Newer issues'), older !== undefined && renderLink(older, 'Older issues →')]
  return `<nav class="pager" aria-label="More issues"><p>${links.filter((link) => link !== false).join(' · ')}</p></nav>`
}

function renderTagList (tags: readonly Tag[]): string {
  return joinLines(
    '<section aria-labelledby="tags">',
    '<h2 id="tags">Tags</h2>',
    `<p>${tags.map((tag) => `${renderLink(tag.url, tag.name)} (${tag.issues.length})`).join(' · ')}</p>`,
    '</section>'
  )
}

/** A section listing issues, newest first, each with its date and summary. */
export function renderIssueList (issues: readonly Issue[], heading = 'Issues'): string {
  return joinLines(
    '<section aria-labelledby="issues">',
    `<h2 id="issues">${escapeHtml(heading)}</h2>`,
    issues.length === 0
      ? '<p>No issues yet.</p>'
      : joinLines('<ul class="plain">', ...issues.map(renderIssueListItem), '</ul>'),
    '</section>'
  )
}

// Once per issue object, which stays the same while its file does: a tag page lists hundreds of
// issues, and an edit of the newest issue renders the pages of each of its tags again.
const renderIssueListItem = oncePer((issue: Issue): string => {
  const marker = issue.episode !== undefined && '<span class="marker">with episode</span>'
  return joinLines(
    '<li>',
    `<h3>${renderLink(issue.url, issue.title)}</h3>`,
    `<p class="meta">${joinSeparated(renderTime(issue.date), marker)}</p>`,
    `<p>${escapeHtml(issue.summary)}</p>`,
    '</li>'
  )
})

function renderBonusEpisodeList (episodes: readonly Episode[]): string {
  return joinLines(
    '<section aria-labelledby="bonus-episodes">',
    '<h2 id="bonus-episodes">Bonus episodes</h2>',
    '<ul class="plain">',
    ...episodes.map((episode) => joinLines(
      '<li>',
      `<h3>${renderLink(episode.url, episode.title)}</h3>`,
      `<p class="meta">${renderTime(episode.date)}</p>`,
      `<p>${escapeHtml(episode.summary)}</p>`,
      '</li>'
    )),
    '</ul>',
    '</section>'
  )
}

function renderPublished (date: Date, updated?: Date): string {
  return joinSeparated(renderTime(date), updated !== undefined && `updated ${renderTime(updated)}`)
}

function renderTime (date: Date): string {
  return `<time datetime="${rfc3339(date)}">${formatHumanDate(date)}</time>`
}

// Names only: email addresses on a public page are harvested, and the feeds carry them where a format asks.
function renderAuthors (authors: readonly Person[]): string | false {
  if (authors.length === 0) return false
  const names = authors.map((author) => author.url === undefined ? escapeHtml(author.name) : renderLink(author.url, author.name))
  const last = names.pop()
  return `By ${names.length === 0 ? last : `${names.join(', ')} and ${last}`}`
}

function renderLink (url: string, text: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`
}

function joinSeparated (...parts: ReadonlyArray<string | false | undefined>): string {
  return parts.filter((part) => typeof part === 'string' && part !== '').join(' · ')
}
