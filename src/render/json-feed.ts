import { issueFeedViews, type FeedView } from '../model/feed-views.ts'
import type { Issue, Person, Publication } from '../model/publication.ts'
import { rfc3339 } from './dates.ts'
import { episodeLinksHtml } from './episode-links.ts'
import { recentItems } from './recent-items.ts'
import { feedTitle, hubsOf } from './rss-channel.ts'

/** JSON Feed 1.1 (jsonfeed.org/version/1.1), the fields this renderer writes. */
export interface JsonFeed {
  version: 'https://jsonfeed.org/version/1.1'
  title: string
  home_page_url: string
  feed_url: string
  description: string
  icon?: string
  authors: JsonFeedAuthor[]
  language: string
  next_url?: string
  hubs?: Array<{ type: 'WebSub', url: string }>
  items: JsonFeedItem[]
}

export interface JsonFeedAuthor {
  name: string
  url?: string
}

export interface JsonFeedItem {
  id: string
  url: string
  title: string
  summary: string
  content_html: string
  date_published: string
  date_modified?: string
  authors: JsonFeedAuthor[]
  tags?: string[]
  attachments?: JsonFeedAttachment[]
}

export interface JsonFeedAttachment {
  url: string
  mime_type: string
  title?: string
  size_in_bytes: number
  duration_in_seconds?: number
}

/** JSON Feed 1.1 of every published issue; the episode's audio is the item's attachment. */
export function renderJsonFeed (publication: Publication, view: FeedView<Issue> = issueFeedViews(publication, 'json')[0]!): string {
  const { site } = publication
  const feed: JsonFeed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: feedTitle(publication, view),
    home_page_url: view.pageUrl ?? site.url,
    feed_url: view.url,
    description: site.description,
    icon: site.artwork?.url,
    authors: site.authors.map(jsonAuthor),
    language: site.language,
    next_url: view.nextUrl,
    hubs: hubsOf(publication, view).length === 0 ? undefined : hubsOf(publication, view).map((url) => ({ type: 'WebSub', url })),
    items: []
  }
  return withItems(JSON.stringify(feed, null, 2), recentJsonItems(view.items, jsonItemText))
}

const recentJsonItems = recentItems<Issue>()

// The feed's JSON as JSON.stringify(feed, null, 2) writes it with the items in place: they are its
// last member, each an object indented two levels.
const NO_ITEMS = '[]\n}'
function withItems (frame: string, items: readonly string[]): string {
  if (items.length === 0) return `${frame}\n`
  if (!frame.endsWith(NO_ITEMS)) throw new Error('withItems: the items are not the last member of the feed')
  return `${frame.slice(0, -NO_ITEMS.length)}[\n${items.join(',\n')}\n  ]\n}\n`
}

// Split at line feeds only: JSON keeps U+2028 and U+2029 raw in strings, and a regular expression's
// line start would match after them.
function jsonItemText (issue: Issue): string {
  return `    ${JSON.stringify(jsonItem(issue), null, 2).split('\n').join('\n    ')}`
}

function jsonItem (issue: Issue): JsonFeedItem {
  const episode = issue.episode
  return {
    id: issue.id,
    url: issue.url,
    title: issue.title,
    summary: issue.summary,
    content_html: issue.html + episodeLinksHtml(episode),
    date_published: rfc3339(issue.date),
    date_modified: issue.updated === undefined ? undefined : rfc3339(issue.updated),
    authors: issue.authors.map(jsonAuthor),
    tags: issue.tags.length === 0 ? undefined : [...issue.tags],
    attachments: episode === undefined
      ? undefined
      : [{
          url: episode.audio.url,
          mime_type: episode.audio.type,
          title: episode.title,
          size_in_bytes: episode.audio.length,
          duration_in_seconds: episode.audio.durationSeconds
        }]
  }
}

// JSON Feed authors have no email field; a name and a home page are what readers show.
function jsonAuthor (person: Person): JsonFeedAuthor {
  return { name: person.name, url: person.url }
}
