import { stat } from 'node:fs/promises'
import path from 'node:path'
import { ContentError, type Problem } from '../errors.ts'
import { knowVersion, versionOf } from '../model/version.ts'
import { withLazyHtml } from '../model/lazy-html.ts'
import type { Episode, Issue, Publication } from '../model/publication.ts'
import { fileNameSlug } from '../model/slug.ts'
import type { ChangedPaths } from './changed-paths.ts'
import { displayPath, readContentFiles, type ContentFile, type ContentReadings } from './content-files.ts'
import { loadEpisodes, type LoadedEpisode } from './load-episodes.ts'
import { loadIssues, type LoadedIssue } from './load-issues.ts'
import { loadSite, type LoadedSite } from './load-site.ts'
import { openLoadCache, type LoadCache } from './load-cache.ts'
import { prerenderMarkdown, startMarkdownRendering } from './markdown-pool.ts'
import { hasErrors } from './problem-list.ts'
import { listHeldBack, type HeldBack } from './held-back.ts'
import { checkIssueLinks } from './issue-links.ts'
import { checkPublishedLock, lockEnclosure, nextPublishedLock, publishedLockPath, readPublishedLock, type LockCandidate, type PublishedLock } from './published-lock.ts'

/** Where a publication's files are, and where it is published. */
export interface PublicationOptions {
  /** The folder holding `site.yaml`, `issues/` and `episodes/`. */
  readonly contentDir: string
  /** The folder every media path is relative to, and confined to. */
  readonly mediaDir: string
  /** Replaces `url` from site.yaml: where the publication is actually served. */
  readonly baseUrl?: string
  /**
   * A folder where work is kept between runs (parsed files, rendered Markdown, rendered outputs),
   * so a restart or a second build redoes only what changed. Without it, nothing is kept.
   */
  readonly cacheDir?: string
}

export interface LoadOptions extends PublicationOptions {
  /** Issues and episodes dated after this are scheduled: checked, but left out until their time. */
  readonly now?: Date
  /** Work remembered from earlier loads; a live server passes the same cache to every reload. */
  readonly cache?: LoadCache
  /** The content files earlier loads read; a live server passes the same readings to every reload... */
  readonly readings?: ContentReadings
  /**
   * ...and what changed since the last of them: only that is read again (undefined: everything).
   * Such a load leaves in the cache what the files it read again no longer need; a load of
   * everything clears it out.
   */
  readonly changed?: ChangedPaths
}

export interface Loaded {
  readonly publication: Publication
  /** Problems that do not stop publishing. */
  readonly warnings: readonly Problem[]
  /** When the next scheduled issue or episode is due, if any: publish again then. */
  readonly nextScheduled?: Date
  /** Valid issues and episodes that are not published yet: drafts and scheduled ones. */
  readonly heldBack: readonly HeldBack[]
  /**
   * The latest of the publication's newest date and the modification times of site.yaml and every
   * issue and episode file: what Last-Modified starts from when there is no earlier version, so
   * that an edit that changes no date still moves it forward (a poller sending only
   * If-Modified-Since would otherwise be told that changed bytes have not changed).
   */
  readonly modified: Date
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
  // A one-off load (validate) starts from the cache folder's copy and leaves its own there; build
  // and a live server pass their own cache and save it when they see fit (build once its outputs
  // are written, so that the Markdown rendered for them is still in memory while it renders).
  const cache = options.cache ?? await openLoadCache(options.cacheDir)
  const now = options.now ?? new Date()
  // The site comes before the issues, whose Markdown is rendered against its address while the
  // rest of them is read; problems are reported in the order issues, episodes, site all the same.
  const episodeProblems: Problem[] = []
  const siteProblems: Problem[] = []
  const issueProblems: Problem[] = []
  const episodeFiles = await readContentFiles(options.contentDir, 'episodes', episodeProblems, cache, options.readings, options.changed)
  const loadedSite = await loadSite(options.contentDir, options.mediaDir, options.baseUrl, episodeFiles.length > 0, siteProblems, cache)
  // With a broken site.yaml the issues and episodes are still checked, against a stand-in site,
  // so the publisher sees every problem in one run.
  const { site, feedUrls } = loadedSite ?? standInSite(options.baseUrl)
  const rendering = startMarkdownRendering(site.url, cache)
  let issueFiles: ContentFile[]
  try {
    issueFiles = await readContentFiles(options.contentDir, 'issues', issueProblems, cache, options.readings, options.changed, rendering.add)
  } catch (error) {
    await rendering.finish().catch(() => {})
    throw error
  }
  problems.push(...issueProblems, ...episodeProblems, ...siteProblems)
  await prerenderMarkdown([...issueFiles, ...episodeFiles], site.url, cache, rendering)
  const loadedIssues = loadIssues(issueFiles, site, problems, cache)
  const brokenIssues = brokenIssueSlugs(issueFiles, problems, path.join(options.contentDir, 'issues'))
  const loadedEpisodes = await loadEpisodes(episodeFiles, loadedIssues, brokenIssues, site, options.mediaDir, problems, cache, options.readings === undefined ? undefined : options.changed)
  problems.push(...checkIssueLinks(loadedIssues, site.url, now))
  const lock = await readPublishedLock(options.contentDir, problems)
  // A load told what changed looked up nothing of the files it took as they were: it cannot tell
  // what is still needed, and leaves the sweeping to the next load that reads everything.
  const reread = cache.sweep(options.changed === undefined || options.readings === undefined)
  if (options.cache === undefined) await cache.save()
  // By their numbers, as in the sitemap: Dates compared as objects are converted to primitives first.
  const nowMs = now.getTime()
  const isDue = (item: { draft: boolean, date: Date }): boolean => !item.draft && item.date.getTime() <= nowMs
  const dueIssues = loadedIssues.filter(isDue)
  const dueIssueSlugs = new Set(dueIssues.map((issue) => issue.slug))
  // An episode waits for its issue too, so its link never points at a page not yet published.
  const dueEpisodes = loadedEpisodes.filter((episode) => isDue(episode) && (episode.issueSlug === undefined || dueIssueSlugs.has(episode.issueSlug)))
  const candidates = dueEpisodes.map((episode) => lockCandidate(site, episode))
  let guids: ReadonlyMap<string, string> = new Map()
  // Only against a usable site: a stand-in site has a stand-in podcast:guid.
  if (lock !== undefined && loadedSite !== undefined) {
    const unpublished = new Set(loadedEpisodes.filter((episode) => !dueEpisodes.includes(episode)).map((episode) => path.basename(episode.file)))
    // Episode files that are there but failed to load (or whose issue did) are not gone: their own errors say why.
    const loaded = new Set(loadedEpisodes.map((episode) => path.basename(episode.file)))
    const episodesDir = path.resolve(options.contentDir, 'episodes')
    const failed = new Set([...episodeFiles.map((file) => path.basename(file.file)), ...problems.filter((problem) => path.dirname(path.resolve(problem.file)) === episodesDir).map((problem) => path.basename(problem.file))].filter((name) => !loaded.has(name)))
    const checked = checkPublishedLock(lock, site.podcastGuid, candidates, displayPath(publishedLockPath(options.contentDir)), displayPath(path.join(options.contentDir, 'site.yaml')), unpublished, failed)
    problems.push(...checked.problems)
    for (const rename of checked.renamed) {
      problems.push({ file: dueEpisodes.find((episode) => path.basename(episode.file) === rename.to)!.file, message: `was published as ${rename.from} and keeps its GUID ${rename.guid} (same audio and date; recorded in published.lock)`, severity: 'warning' })
    }
    guids = checked.guids
  }
  const episodes = sameAsBefore(dueEpisodes.map((episode) => toEpisode(episode, guids.get(path.basename(episode.file)) ?? episode.guid))).sort(newestFirst)
  const episodeBySlug = new Map(episodes.flatMap((episode) => episode.issueSlug === undefined ? [] : [[episode.issueSlug, episode] as const]))
  const issues = dueIssues.map((issue) => toIssue(issue, episodeBySlug)).sort(newestFirst)
  const scheduled = [...loadedIssues, ...loadedEpisodes].filter((item) => !item.draft && item.date.getTime() > nowMs).map((item) => item.date.getTime())
  const nextScheduled = scheduled.length === 0 ? undefined : new Date(Math.min(...scheduled))
  // Files that failed to load may be what would be published: their own errors come first.
  const filesFailed = problems.some((problem) => problem.severity === 'error' && path.resolve(problem.file) !== path.resolve(options.contentDir, 'site.yaml'))
  if (issues.length === 0 && episodes.length === 0 && !filesFailed) {
    const when = nextScheduled === undefined ? '' : ` (the first is scheduled for ${nextScheduled.toISOString()})`
    problems.push({ file: displayPath(options.contentDir), message: `nothing to publish yet: add an issue under issues/ or an episode under episodes/${when}`, severity: 'error' })
  }
  if (loadedSite === undefined || hasErrors(problems)) throw new ContentError(problems)

  const publication: Publication = {
    site,
    issues,
    episodes,
    updated: newest([...issues.map((issue) => issue.updated ?? issue.date), ...episodes.map((episode) => episode.date)]),
    // No podcast feed until an episode is published (see FeedUrls.podcast).
    feedUrls: episodes.length > 0 ? feedUrls : { ...feedUrls, podcast: undefined }
  }
  // Only a pinned podcast:guid is recorded: a derived one follows the address the show is served at
  // (a preview under --base-url), while the episodes' GUIDs recorded beside it stay either way.
  const publishedLock = nextPublishedLock(lock, loadedSite.podcastGuidPinned ? site.podcastGuid : lock?.podcastGuid, candidates.map((candidate) => ({ ...candidate, guid: guids.get(candidate.fileName) ?? candidate.guid })))
  const siteModified = await stat(path.join(options.contentDir, 'site.yaml')).then((stats) => stats.mtimeMs, () => 0)
  const modified = new Date([...issueFiles, ...episodeFiles].reduce((newest, file) => Math.max(newest, Math.floor(file.modifiedMs)), Math.max(publication.updated.getTime(), Math.floor(siteModified))))
  return {
    publication: deepFreeze(publication),
    warnings: problems,
    modified,
    nextScheduled,
    // Listed only when asked (validate lists them): a live server's reloads never do.
    get heldBack () { return listHeldBack(loadedIssues, loadedEpisodes, now) },
    reread,
    publishedLock
  }
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

/**
 * Slugs of issue files that exist but failed to load, whether their YAML could be read or not:
 * the `slug:` they set, or the slug of their file name.
 */
function brokenIssueSlugs (issueFiles: readonly ContentFile[], problems: readonly Problem[], issuesDir: string): Set<string> {
  // Most loads have no errors: then the files need not be indexed at all.
  if (!hasErrors(problems)) return new Set()
  const parsed = new Map(issueFiles.map((file) => [path.resolve(file.file), file]))
  const slugs = new Set<string>()
  for (const problem of problems) {
    const file = path.resolve(problem.file)
    if (problem.severity !== 'error' || path.dirname(file) !== path.resolve(issuesDir)) continue
    const slug = parsed.get(file)?.data.slug
    slugs.add(typeof slug === 'string' ? slug : fileNameSlug(path.basename(file, '.md')))
  }
  return slugs
}

function newest (dates: readonly Date[]): Date {
  return new Date(Math.max(...dates.map(Number)))
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

// A loaded issue is the same object from one load to the next while its file does not change (see
// loadIssues), and so is its episode (see sameAsBefore): so are the model issue made of the two, its
// version and its freezing, and every output key that names it is found without hashing it again.
const issueByLoaded = new WeakMap<LoadedIssue, { readonly episode?: Episode, readonly issue: Issue }>()

function toIssue (loaded: LoadedIssue, episodeBySlug: ReadonlyMap<string, Episode>): Issue {
  const episode = episodeBySlug.get(loaded.slug)
  const known = issueByLoaded.get(loaded)
  if (known !== undefined && known.episode === episode) return known.issue
  const { file, draft, version, readHtml, issueLinks, ...fields } = loaded
  const issue = withLazyHtml({ ...fields, episode }, readHtml)
  // What it is made of is all in the loaded issue's version, worked out when its file was read, and
  // its episode's: output keys need not serialize it again.
  knowVersion(issue, episode === undefined ? version : versionOf([version, episode]))
  issueByLoaded.set(loaded, { episode, issue })
  return issue
}

// Episodes are made afresh at every load (from their file, their audio and their issue), but one
// equal to an episode of the load before is taken as that very object.
let episodesBefore = new Map<string, Episode>()

function sameAsBefore (episodes: readonly Episode[]): Episode[] {
  const byVersion = new Map<string, Episode>()
  const kept = episodes.map((episode) => {
    const version = versionOf(episode)
    const same = episodesBefore.get(version) ?? episode
    byVersion.set(version, same)
    return same
  })
  episodesBefore = byVersion
  return kept
}

// A loaded episode taken as the last load made it (see loadEpisodes) gives the same episode, whose
// version is then known without serializing it again.
const episodeByLoaded = new WeakMap<LoadedEpisode, Episode>()

function toEpisode (loaded: LoadedEpisode, guid: string): Episode {
  const known = episodeByLoaded.get(loaded)
  if (known?.guid === guid) return known
  const { file, draft, explicitGuid, previousAudioUrl, ...fields } = loaded
  const episode = { ...fields, guid }
  episodeByLoaded.set(loaded, episode)
  return episode
}

// Newest first; the slug breaks ties so the order never depends on the file system.
function newestFirst (a: { date: Date, slug: string }, b: { date: Date, slug: string }): number {
  return b.date.getTime() - a.date.getTime() || a.slug.localeCompare(b.slug)
}

function deepFreeze<T> (value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) {
      // Values only: a getter (see withLazyHtml) would read what it stands for.
      const property = Object.getOwnPropertyDescriptor(value, key)!
      if (property.get === undefined) deepFreeze(property.value)
    }
  }
  return value
}
