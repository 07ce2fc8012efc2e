import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.ts'
import type { Episode, Site } from '../model/publication.ts'
import { displayPath } from './content-files.ts'

/**
 * `content/published.lock`: what the podcast feed has published, kept beside the content and
 * committed with it. Podcast apps download an episode again (or lose a listener's place) when its
 * GUID or enclosure URL changes, so once an episode is in this file, loading refuses to change
 * either by accident, or to drop the episode from the feed.
 *
 * The format is text, one line per episode, fields separated by tabs (shown here as →), sorted by
 * date, so a diff shows exactly what a publish added or changed:
 *
 *     podcast-guid → 2d34cc82-de83-517c-8c8d-c22549e89555
 *     episode → w04.md → ca8b3935-190b-5459-ae14-8f9eb03d4367 → media/w04.mp3 → 188075 → 2023-01-27T16:00:00.000Z
 *
 * The enclosure is written relative to the site's URL when it is served from there, so serving
 * the same content under another `--base-url` (a preview, `npm start`) is not a change of address.
 */
export interface PublishedLock {
  /** The `podcast:guid` the episodes' GUIDs were published under. */
  readonly podcastGuid?: string
  readonly entries: readonly LockEntry[]
}

export interface LockEntry {
  readonly kind: 'episode'
  /** The episode's file name under `content/episodes/` (`w04.md`). */
  readonly file: string
  readonly guid: string
  /** The enclosure URL, relative to the site URL where it is under it (`media/w04.mp3`). */
  readonly enclosure: string
  readonly length: number
  /** When the episode first appeared in the feed: its date then. */
  readonly firstPublished: Date
  /** Line in the lock file, for problems. */
  readonly line?: number
}

/** An episode as the lock compares it: its file name, and what it would be published with. */
export interface LockCandidate {
  readonly fileName: string
  readonly file: string
  readonly guid: string
  /** The GUID was written in the file rather than derived from its name. */
  readonly explicitGuid: boolean
  readonly enclosure: string
  readonly length: number
  readonly date: Date
  /** `previous_audio_url`: the published enclosure it knowingly replaces. */
  readonly previousAudioUrl?: string
}

const HEADER = [
  '# feedwright published.lock: the episodes the podcast feed has published. Commit it with the content.',
  '# Their GUIDs and enclosure URLs must not change and they must not disappear; delete a line only to unpublish on purpose.',
  '# kind, file, GUID, enclosure (relative to the site URL), length in bytes, first published'
]

/** The lock file of a content folder. */
export function publishedLockPath (contentDir: string): string {
  return path.join(contentDir, 'published.lock')
}

/** Reads the lock file; undefined when there is none yet (nothing was published), or when it is broken (problems added). */
export async function readPublishedLock (contentDir: string, sink: Problem[]): Promise<PublishedLock | undefined> {
  let text: string
  try {
    text = await readFile(publishedLockPath(contentDir), 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const parsed = parsePublishedLock(text, displayPath(publishedLockPath(contentDir)))
  if (Array.isArray(parsed)) {
    sink.push(...parsed)
    return undefined
  }
  return parsed as PublishedLock
}

/** Parses the text of a lock file, or returns what is wrong with each bad line. */
export function parsePublishedLock (text: string, file: string): PublishedLock | Problem[] {
  const problems: Problem[] = []
  const entries: LockEntry[] = []
  let podcastGuid: string | undefined
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1
    if (raw.trim() === '' || raw.startsWith('#')) return
    const fields = raw.split('\t')
    if (fields[0] === 'podcast-guid' && fields.length === 2) {
      podcastGuid = fields[1]
      return
    }
    const [kind, name, guid, enclosure, length, date] = fields
    const firstPublished = new Date(date ?? '')
    if (kind !== 'episode' || fields.length !== 6 || name === '' || guid === '' || enclosure === '' || !/^\d+$/.test(length ?? '') || Number.isNaN(firstPublished.getTime())) {
      problems.push({ file, line, message: 'is not a lock line (episode, file, GUID, enclosure, length, date, separated by tabs); restore the file from version control', severity: 'error' })
      return
    }
    entries.push({ kind, file: name!, guid: guid!, enclosure: enclosure!, length: Number(length), firstPublished, line })
  })
  return problems.length > 0 ? problems : { podcastGuid, entries }
}

/** The text of a lock: deterministic, so writing the same lock twice changes nothing. */
export function formatPublishedLock (lock: PublishedLock): string {
  const lines = [...HEADER]
  if (lock.podcastGuid !== undefined) lines.push(`podcast-guid\t${lock.podcastGuid}`)
  for (const entry of sortEntries(lock.entries)) {
    lines.push([entry.kind, entry.file, entry.guid, entry.enclosure, String(entry.length), entry.firstPublished.toISOString()].join('\t'))
  }
  return `${lines.join('\n')}\n`
}

/** An episode's enclosure as the lock records it: relative to the site URL where it is under it. */
export function lockEnclosure (site: Pick<Site, 'url'>, episode: Pick<Episode, 'audio'>): string {
  return episode.audio.url.startsWith(site.url) ? episode.audio.url.slice(site.url.length) : episode.audio.url
}

/** What checking the published episodes against the lock found. */
export interface LockCheck {
  /** The GUID each episode must be published with, by file name: the locked one where the lock knows it. */
  readonly guids: ReadonlyMap<string, string>
  /** Renamed files that kept their published GUID, for a warning. */
  readonly renamed: ReadonlyArray<{ readonly from: string, readonly to: string, readonly guid: string }>
  readonly problems: readonly Problem[]
}

/**
 * Checks the episodes about to be published against the lock. Each locked entry must still be
 * published, with its GUID and its enclosure (unless `previous_audio_url` names the old one). An
 * episode whose file was renamed is recognised, and keeps its GUID, when exactly one missing entry
 * has the same enclosure and date and no other new episode does: two candidates could be either.
 * `unpublished` names the files present but not published now (drafts, scheduled), for the message;
 * `failed` the files present that failed to load, whose own problems say what to fix (no knock-on).
 */
export function checkPublishedLock (lock: PublishedLock, podcastGuid: string, candidates: readonly LockCandidate[], lockFile: string, siteFile: string, unpublished: ReadonlySet<string> = new Set(), failed: ReadonlySet<string> = new Set()): LockCheck {
  const problems: Problem[] = []
  const error = (file: string, field: string | undefined, message: string, line?: number): void => { problems.push({ file, field, line, message, severity: 'error' }) }
  if (lock.podcastGuid !== undefined && lock.podcastGuid !== podcastGuid) {
    error(siteFile, 'podcast_guid', `would change from ${lock.podcastGuid} (published, see ${lockFile}) to ${podcastGuid}: podcast apps and directories know the show by it; set podcast_guid: ${lock.podcastGuid}`)
  }
  const byFile = new Map(lock.entries.map((entry) => [entry.file, entry]))
  const byGuid = new Map(lock.entries.map((entry) => [entry.guid, entry]))
  const matched = new Map<LockEntry, LockCandidate>()
  const renamed: Array<{ from: string, to: string, guid: string }> = []
  // First the unambiguous: the same file, or a GUID written in the file that the lock knows.
  for (const candidate of candidates) {
    const entry = byFile.get(candidate.fileName) ?? (candidate.explicitGuid ? byGuid.get(candidate.guid) : undefined)
    if (entry !== undefined && !matched.has(entry)) matched.set(entry, candidate)
  }
  // Then renamed files: same enclosure and same date, and only one way to pair them.
  const taken = new Set(matched.values())
  const present = new Set(candidates.map((candidate) => candidate.fileName))
  const missing = lock.entries.filter((entry) => !matched.has(entry) && !unpublished.has(entry.file) && !present.has(entry.file) && !failed.has(entry.file))
  // Keyed by enclosure and date, so thousands of episodes are paired without comparing each with each.
  const keyOf = (enclosure: string, date: Date): string => `${enclosure}\0${date.getTime()}`
  const unmatchedByKey = groupBy(candidates.filter((candidate) => !taken.has(candidate)), (candidate) => keyOf(candidate.enclosure, candidate.date))
  const missingByKey = groupBy(missing, (entry) => keyOf(entry.enclosure, entry.firstPublished))
  for (const entry of missing) {
    const key = keyOf(entry.enclosure, entry.firstPublished)
    const pairs = unmatchedByKey.get(key) ?? []
    if (pairs.length !== 1 || missingByKey.get(key)!.length !== 1) continue
    matched.set(entry, pairs[0]!)
    if (!pairs[0]!.explicitGuid || pairs[0]!.guid === entry.guid) renamed.push({ from: entry.file, to: pairs[0]!.fileName, guid: entry.guid })
  }

  const guids = new Map<string, string>()
  for (const [entry, candidate] of matched) {
    if (candidate.explicitGuid && candidate.guid !== entry.guid) {
      error(candidate.file, 'guid', `would change from ${entry.guid} (published ${entry.firstPublished.toISOString()}, see ${lockFile}:${entry.line ?? 1}) to ${candidate.guid}: podcast apps would download the episode again as a new one; set guid: ${entry.guid}`)
    }
    // A GUID derived from the file name keeps its published value: renaming or re-deriving never changes it.
    guids.set(candidate.fileName, entry.guid)
    if (candidate.enclosure !== entry.enclosure && candidate.previousAudioUrl !== entry.enclosure) {
      error(candidate.file, 'audio', `the enclosure would change from ${entry.enclosure} (published, see ${lockFile}:${entry.line ?? 1}) to ${candidate.enclosure}: apps that downloaded the old file may fetch it again or fail; if the move is intended, add previous_audio_url: ${entry.enclosure}`)
    }
  }
  for (const entry of lock.entries) {
    if (matched.has(entry) || failed.has(entry.file)) continue
    const why = unpublished.has(entry.file) ? 'is a draft or scheduled now' : 'is gone'
    error(lockFile, undefined, `${entry.file} (GUID ${entry.guid}, published ${entry.firstPublished.toISOString()}) ${why}, so it would disappear from the podcast feed and from subscribers' apps; restore content/episodes/${entry.file}, or delete this line to unpublish it on purpose`, entry.line)
  }
  return { guids, renamed, problems }
}

/**
 * The lock after publishing `episodes` (with the GUIDs they were published with): every locked
 * episode keeps its first-published date, and takes its current file name, enclosure and length.
 * Pure: writing is `writePublishedLock`.
 */
export function nextPublishedLock (previous: PublishedLock | undefined, podcastGuid: string | undefined, episodes: readonly LockCandidate[]): PublishedLock {
  const before = new Map((previous?.entries ?? []).map((entry) => [entry.guid, entry]))
  return {
    podcastGuid,
    entries: sortEntries(episodes.map((episode) => ({
      kind: 'episode',
      file: episode.fileName,
      guid: episode.guid,
      enclosure: episode.enclosure,
      length: episode.length,
      firstPublished: before.get(episode.guid)?.firstPublished ?? episode.date
    })))
  }
}

/** Writes the lock beside the content when its text changed; returns whether it wrote. */
export async function writePublishedLock (contentDir: string, lock: PublishedLock): Promise<boolean> {
  const file = publishedLockPath(contentDir)
  const text = formatPublishedLock(lock)
  const before = await readFile(file, 'utf8').catch(() => undefined)
  if (before === text) return false
  await writeFile(file, text)
  return true
}

function groupBy<T> (items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(keyOf(item), [...groups.get(keyOf(item)) ?? [], item])
  return groups
}

function sortEntries (entries: readonly LockEntry[]): LockEntry[] {
  return [...entries].sort((a, b) => a.firstPublished.getTime() - b.firstPublished.getTime() || a.file.localeCompare(b.file))
}
