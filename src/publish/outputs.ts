import type { Publication } from '../model/publication.ts'
import { renderAtom } from '../render/atom.ts'
import { renderJsonFeed } from '../render/json-feed.ts'
import { renderPodcast } from '../render/podcast.ts'
import { renderRss } from '../render/rss.ts'

/** One file feedwright publishes: where it lives, what it is, and how it is rendered. */
export interface OutputSpec {
  /** URL path, and the file's path under `build --out`. */
  readonly path: string
  /** The Content-Type it is served with. */
  readonly type: string
  readonly render: (publication: Publication) => string
}

/** Every feed, in one list: `build` writes these files and the server serves these paths. */
export const outputs = [
  { path: '/feed.xml', type: 'application/rss+xml; charset=utf-8', render: renderRss },
  { path: '/atom.xml', type: 'application/atom+xml; charset=utf-8', render: renderAtom },
  { path: '/feed.json', type: 'application/feed+json; charset=utf-8', render: renderJsonFeed },
  { path: '/podcast.xml', type: 'application/rss+xml; charset=utf-8', render: renderPodcast }
] as const satisfies readonly OutputSpec[]
