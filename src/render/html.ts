import type { Episode, Issue, Person, Publication } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'
import { rfc3339 } from './dates.ts'
import { renderEpisodePlayer } from './episode-player.ts'
import { splitIntoPages } from '../model/feed-views.ts'
import { tagSlug, tagsOf, type Tag } from '../model/tags.ts'
import { archivePageUrl as archiveUrl, opmlUrl, tagFeedUrl, tagUrl } from '../model/urls.ts'
import { joinLines, listFeedLinks, renderPage, type FeedLink } from './html-layout.ts'

export { formatClock as formatDuration, formatMegabytes } from './episode-player.ts'

// English names by table rather than Intl, so a page reads the same on every machine and ICU build.
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** The pages of the issue list: the home page with the newest, then archive pages counted from the oldest. */
export function issueListPages (publication: Publication): { home: readonly Issue[], archives: ReadonlyArray<readonly Issue[]> } {
  const { current, archives } = splitIntoPages(publication.issues, publication.site.feedSize)
  return { home: current, archives }
}

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
      renderIssueList(issues),
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

/** An issue's page (`issue.url`): its text, and its episode to play, download, watch or stream. */
export function renderIssuePage (publication: Publication, issue: Issue): string {
  return renderPage(publication, {
    title: `${issue.title} — ${publication.site.title}`,
    description: issue.summary,
    url: issue.url,
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
      '</article>'
    )
  })
}

/** An episode's page (`episode.url`): the player, chapters, transcript and show notes; the podcast item's link. */
export function renderEpisodePage (publication: Publication, episode: Episode): string {
  return renderPage(publication, {
    title: `${episode.title} — ${publication.site.title}`,
    description: episode.summary,
    url: episode.url,
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

function renderSubscribeSection (publication: Publication): string {
  const { site } = publication
  const links = [
    ...listFeedLinks(publication).map((feed) => ({ label: feed.label, url: feed.url })),
    site.youtube !== undefined && { label: 'YouTube', url: site.youtube },
    site.spotify !== undefined && { label: 'Spotify', url: site.spotify },
    { label: 'Every feed, for your reader (OPML)', url: opmlUrl(site.url) }
  ]
  return joinLines(
    '<section aria-labelledby="subscribe">',
    '<h2 id="subscribe">Subscribe</h2>',
    '<ul>',
    ...links.map((link) => link !== false && `<li>${renderLink(link.url, link.label)}</li>`),
    '</ul>',
    '</section>'
  )
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

function renderIssueList (issues: readonly Issue[]): string {
  return joinLines(
    '<section aria-labelledby="issues">',
    '<h2 id="issues">Issues</h2>',
    issues.length === 0
      ? '<p>No issues yet.</p>'
      : joinLines('<ul class="plain">', ...issues.map(renderIssueListItem), '</ul>'),
    '</section>'
  )
}

function renderIssueListItem (issue: Issue): string {
  const marker = issue.episode !== undefined && '<span class="marker">with episode</span>'
  return joinLines(
    '<li>',
    `<h3>${renderLink(issue.url, issue.title)}</h3>`,
    `<p class="meta">${joinSeparated(renderTime(issue.date), marker)}</p>`,
    `<p>${escapeHtml(issue.summary)}</p>`,
    '</li>'
  )
}

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
