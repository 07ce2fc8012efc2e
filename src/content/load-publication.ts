import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ContentError, type Problem } from '../errors.ts'
import type { Episode, Issue, Publication } from '../model/publication.ts'
import { displayPath, readContentFiles } from './content-files.ts'
import { loadEpisodes, type LoadedEpisode } from './load-episodes.ts'
import { loadIssues, type LoadedIssue } from './load-issues.ts'
import { loadSite, type LoadedSite } from './load-site.ts'
import { createLoadCache, type LoadCache } from './load-cache.ts'
import { hasErrors } from './problem-list.ts'
import { checkPublishedLock, lockEnclosure, nextPublishedLock, publishedLockPath, readPublishedLock, type LockCandidate, type PublishedLock } from './published-lock.ts'

/** Where a publication's files are, and where it is published. */
export interface PublicationOptions {
  /** The folder holding `site.yaml`, `issues/` and `episodes/`. */
  readonly contentDir: string
  /** The folder every media path is relative to, and confined to. */
  readonly mediaDir: string
  /** Replaces `url` from site.yaml: where the publication is actually served. */
  readonly baseUrl?: string
}

export interface LoadOptions extends PublicationOptions {
  /** Issues and episodes dated after this are scheduled: checked, but left out until their time. */
  readonly now?: Date
  /** Work remembered from earlier loads; a live server passes the same cache to every reload. */
  readonly cache?: LoadCache
}

export interface Loaded {
  readonly publication: Publication
  /** When the newest file the publication was read from last changed: with content dates, the HTTP Last-Modified. */
  readonly modified: Date
  /** Problems that do not stop publishing. */
  readonly warnings: readonly Problem[]
  /** When the next scheduled issue or episode is due, if any: publish again then. */
  readonly nextScheduled?: Date
  /** What this load had to read or compute afresh, by kind (the rest came from the cache). */
  readonly reread: Readonly<Record<string, number>>
  /**
   * `content/published.lock` as it must be once this version is published: `build` and `serve`
   * write it (`writePublishedLock(contentDir, loaded.publishedLock)`) after publishing; `validate` does not.
   */
  readonly publishedLock: PublishedLock
}

/**
 * Reads, validates and assembles a whole publication. Every file is checked before anything is
 * built, and all problems are thrown together in one ContentError; nothing partial is returned.
 */
export async function loadPublication (options: LoadOptions): Promise<Loaded> {
  const problems: Problem[] = []
  const cache = options.cache ?? createLoadCache()
  const now = options.now ?? new Date()
  const loadedSite = await loadSite(options.contentDir, options.mediaDir, options.baseUrl, problems, cache)
  const issueFiles = await readContentFiles(path.join(options.contentDir, 'issues'), problems, cache)
  const episodeFiles = await readContentFiles(path.join(options.contentDir, 'episodes'), problems, cache)
  // With a broken site.yaml the issues and episodes are still checked, against a stand-in site,
  // so the publisher sees every problem in one run.
  const { site, feedUrls } = loadedSite ?? standInSite(options.baseUrl)
  const loadedIssues = loadIssues(issueFiles, site, problems, cache)
  const loadedEpisodes = await loadEpisodes(episodeFiles, loadedIssues, site, options.mediaDir, problems, cache)
  const lock = await readPublishedLock(options.contentDir, problems)
  const reread = cache.sweep()
  const isDue = (item: { draft: boolean, date: Date }): boolean => !item.draft && item.date <= now
  const dueIssueSlugs = new Set(loadedIssues.filter(isDue).map((issue) => issue.slug))
  // An episode waits for its issue too, so its link never points at a page not yet published.
  const dueEpisodes = loadedEpisodes.filter((episode) => isDue(episode) && (episode.issueSlug === undefined || dueIssueSlugs.has(episode.issueSlug)))
  const candidates = dueEpisodes.map((episode) => lockCandidate(site, episode))
  let guids: ReadonlyMap<string, string> = new Map()
  // Only against a usable site: a stand-in site has a stand-in podcast:guid.
  if (lock !== undefined && loadedSite !== undefined) {
    const unpublished = new Set(loadedEpisodes.filter((episode) => !dueEpisodes.includes(episode)).map((episode) => path.basename(episode.file)))
    const checked = checkPublishedLock(lock, site.podcastGuid, candidates, displayPath(publishedLockPath(options.contentDir)), displayPath(path.join(options.contentDir, 'site.yaml')), unpublished)
    problems.push(...checked.problems)
    for (const rename of checked.renamed) {
      problems.push({ file: dueEpisodes.find((episode) => path.basename(episode.file) === rename.to)!.file, message: `was published as ${rename.from} and keeps its GUID ${rename.guid} (same audio and date; recorded in published.lock)`, severity: 'warning' })
    }
    guids = checked.guids
  }
  const episodes = dueEpisodes.map((episode) => toEpisode({ ...episode, guid: guids.get(path.basename(episode.file)) ?? episode.guid })).sort(newestFirst)
  const issues = loadedIssues.filter(isDue).map((issue) => toIssue(issue, episodes)).sort(newestFirst)
  const scheduled = [...loadedIssues, ...loadedEpisodes].filter((item) => !item.draft && item.date > now).map((item) => item.date.getTime())
  const nextScheduled = scheduled.length === 0 ? undefined : new Date(Math.min(...scheduled))
  if (issues.length === 0 && episodes.length === 0) {
    const when = nextScheduled === undefined ? '' : ` (the first is scheduled for ${nextScheduled.toISOString()})`
    problems.push({ file: displayPath(options.contentDir), message: `nothing to publish yet: add an issue under issues/ or an episode under episodes/${when}`, severity: 'error' })
  }
  if (loadedSite === undefined || hasErrors(problems)) throw new ContentError(problems)

  const publication: Publication = {
    site,
    issues,
    episodes,
    updated: newest([...issues.map((issue) => issue.updated ?? issue.date), ...episodes.map((episode) => episode.date)]),
    feedUrls
  }
  const modified = await newestModification([
    path.join(options.contentDir, 'site.yaml'),
    ...[...issueFiles, ...episodeFiles].map((file) => path.resolve(file.file)),
    ...mediaPathsOf(publication).map((mediaPath) => path.join(options.mediaDir, mediaPath))
  ])
  // Only a pinned podcast:guid is recorded: a derived one follows the address the show is served at
  // (a preview under --base-url), while the episodes' GUIDs recorded beside it stay either way.
  const publishedLock = nextPublishedLock(lock, loadedSite.podcastGuidPinned ? site.podcastGuid : lock?.podcastGuid, candidates.map((candidate) => ({ ...candidate, guid: guids.get(candidate.fileName) ?? candidate.guid })))
  return { publication: deepFreeze(publication), warnings: problems, modified: new Date(Math.max(modified.getTime(), publication.updated.getTime())), nextScheduled, reread, publishedLock }
}

function lockCandidate (site: LoadedSite['site'], episode: LoadedEpisode): LockCandidate {
  return {
    fileName: path.basename(episode.file),
    file: episode.file,
    guid: episode.guid,
    explicitGuid: episode.explicitGuid,
    enclosure: lockEnclosure(site, episode),
    length: episode.audio.length,
    date: episode.date,
    // Written as the lock has it, or as the full URL it was published at.
    previousAudioUrl: episode.previousAudioUrl?.startsWith(site.url) === true ? episode.previousAudioUrl.slice(site.url.length) : episode.previousAudioUrl
  }
}

function newest (dates: readonly Date[]): Date {
  return new Date(Math.max(...dates.map(Number)))
}

async function newestModification (files: readonly string[]): Promise<Date> {
  const times = await Promise.all(files.map(async (file) => (await stat(file)).mtimeMs))
  return new Date(Math.max(0, ...times))
}

function mediaPathsOf (publication: Publication): string[] {
  const files = [publication.site.artwork, ...publication.episodes.flatMap((episode) => [episode.audio, ...episode.transcripts, episode.chapters, episode.image, ...episode.alternateEnclosures])]
  return files.flatMap((file) => file?.path === undefined ? [] : [file.path])
}

function standInSite (baseUrl = 'https://example.invalid/'): LoadedSite {
  const url = new URL(baseUrl).href
  const feed = new URL('feed.xml', url).href
  return {
    site: {
      title: '',
      description: '',
      url,
      language: 'en',
      authors: [],
      owner: { name: '', email: '' },
      artwork: { url, type: 'image/png', length: 0, width: 0, height: 0 },
      category: { name: '' },
      explicit: false,
      podcastType: 'episodic',
      podcastGuid: '00000000-0000-5000-8000-000000000000',
      locked: false,
      funding: [],
      persons: [],
      locations: [],
      podroll: [],
      value: [],
      txt: [],
      block: [],
      socialInteract: [],
      previousFeedPaths: [],
      feedSize: 20,
      hubs: [],
      pings: []
    },
    feedUrls: { rss: feed, atom: feed, jsonFeed: feed, podcast: feed },
    podcastGuidPinned: false
  }
}

function toIssue ({ file, draft, ...issue }: LoadedIssue, episodes: readonly Episode[]): Issue {
  return { ...issue, episode: episodes.find((episode) => episode.issueSlug === issue.slug) }
}

function toEpisode ({ file, draft, explicitGuid, previousAudioUrl, ...episode }: LoadedEpisode): Episode {
  return episode
}

// Newest first; the slug breaks ties so the order never depends on the file system.
function newestFirst (a: { date: Date, slug: string }, b: { date: Date, slug: string }): number {
  return b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug)
}

function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const child of Object.values(value)) deepFreeze(child)
  }
  return value
}
