import type { Publication } from '../model/publication.ts'
import { renderAtom } from '../render/atom.ts'
import { renderEpisodePage, renderHomePage, renderIssuePage } from '../render/html.ts'
import { renderJsonFeed } from '../render/json-feed.ts'
import { renderPodcast } from '../render/podcast.ts'
import { renderRss } from '../render/rss.ts'

/** One file feedwright publishes: where it lives, what it is, and how it is rendered. */
export interface OutputSpec {
  /** URL path under the base URL. */
  readonly path: string
  /** The Content-Type it is served with. */
  readonly type: string
  /** Whether it is a feed (CORS, a self Link header) or a page for people. */
  readonly kind: 'feed' | 'page'
  readonly render: (publication: Publication) => string
}

const HTML = 'text/html; charset=utf-8'

/** The four feeds: `build` writes them and the server serves them at these paths. */
export const feedOutputs = [
  { path: '/feed.xml', type: 'application/rss+xml; charset=utf-8', kind: 'feed', render: renderRss },
  { path: '/atom.xml', type: 'application/atom+xml; charset=utf-8', kind: 'feed', render: renderAtom },
  { path: '/feed.json', type: 'application/feed+json; charset=utf-8', kind: 'feed', render: renderJsonFeed },
  { path: '/podcast.xml', type: 'application/rss+xml; charset=utf-8', kind: 'feed', render: renderPodcast }
] as const satisfies readonly OutputSpec[]

/** Every output of a publication: the feeds, the home page, a page per issue and per episode without one. */
export function outputsFor (publication: Publication): OutputSpec[] {
  const pathOf = (url: string): string => `/${url.slice(publication.site.url.length)}`
  return [
    ...feedOutputs,
    { path: '/', type: HTML, kind: 'page', render: renderHomePage },
    ...publication.issues.map((issue): OutputSpec => ({ path: pathOf(issue.url), type: HTML, kind: 'page', render: (p) => renderIssuePage(p, issue) })),
    ...publication.episodes
      .filter((episode) => episode.issueSlug === undefined)
      .map((episode): OutputSpec => ({ path: pathOf(episode.url), type: HTML, kind: 'page', render: (p) => renderEpisodePage(p, episode) }))
  ]
}
