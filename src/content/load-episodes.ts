import { readFile } from 'node:fs/promises'
import type { Problem } from '../errors.ts'
import type { Audio, Episode, MediaFile, Site } from '../model/publication.ts'
import { escapeHtml, removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { episodeGuid, episodeUrl, mediaUrl } from '../model/urls.ts'
import type { ContentFile } from './content-files.ts'
import { readDate, slugOfFileName, summaryOf, type LoadedIssue } from './load-issues.ts'
import { fileVersion, type LoadCache } from './load-cache.ts'
import { renderBody } from './markdown.ts'
import { nearestNames } from './nearest.ts'
import { findMediaFile, readAudioFacts, textMediaType, type LocalMedia } from './media.ts'
import { reporterFor, type FileReporter } from './problem-list.ts'
import { checkFields } from './schema-problems.ts'
import { episodeSchema, type EpisodeFields } from './schemas.ts'

/** An episode as read from its file, with the file it came from and whether its issue is a draft. */
export interface LoadedEpisode extends Episode {
  readonly file: string
  readonly draft: boolean
}

/**
 * Validates every episode file against the issues and media; returns the valid ones.
 * `brokenIssueSlugs`: slugs of issue files that exist but failed to load. An episode of one is
 * not told its issue does not exist: the issue's own errors say what to fix.
 */
export async function loadEpisodes (files: readonly ContentFile[], issues: readonly LoadedIssue[], brokenIssueSlugs: ReadonlySet<string>, site: Site, mediaDir: string, sink: Problem[], cache: LoadCache): Promise<LoadedEpisode[]> {
  const episodes: LoadedEpisode[] = []
  for (const content of files) {
    const episode = await loadEpisode(content, issues, { site, mediaDir, cache, brokenIssueSlugs }, sink)
    if (episode !== undefined) episodes.push(episode)
  }
  const unique = rejectDuplicateSlugs(rejectDuplicateGuids(episodes, sink), sink)
  return unique.filter((episode) => checkOnePerIssue(episode, unique, sink))
}

/** What every episode is checked against. */
interface EpisodeContext {
  readonly site: Site
  readonly mediaDir: string
  readonly cache: LoadCache
  readonly brokenIssueSlugs: ReadonlySet<string>
}

async function loadEpisode (content: ContentFile, issues: readonly LoadedIssue[], context: EpisodeContext, sink: Problem[]): Promise<LoadedEpisode | undefined> {
  const { site } = context
  const fieldProblems = checkFields(episodeSchema, content, content.file)
  sink.push(...fieldProblems)
  const report = reporterFor(sink, content.file, content.lineOf)
  const fields = content.data as EpisodeFields
  const slug = slugOfFileName(content.name, report)
  const issue = typeof fields.issue === 'string' ? issues.find((candidate) => candidate.slug === fields.issue) : undefined
  if (typeof fields.issue === 'string' && issue === undefined && !context.brokenIssueSlugs.has(fields.issue)) {
    report.error('issue', unknownIssue(fields.issue, issues))
  }
  if (fields.issue === undefined) {
    for (const field of ['title', 'date'] as const) {
      if (fields[field] === undefined) report.error(field, 'is required for an episode without an issue')
    }
  }
  const date = typeof fields.date === 'string' ? readDate(fields.date, 'date', report) : issue?.date
  const audio = fields.audio === undefined ? undefined : await loadAudio(fields.audio, context, report)
  const transcript = typeof fields.transcript === 'string' ? await loadTextMedia(fields.transcript, 'transcript', context, report) : undefined
  const chapters = typeof fields.chapters === 'string' ? await loadTextMedia(fields.chapters, 'chapters', context, report) : undefined
  const ownNotes = content.body.trim() === '' ? undefined : renderBody(content, site.url, context.cache, report)
  // Without an issue, a summary not written is derived from the episode's own show notes.
  const summary = typeof fields.summary === 'string' ? clean(fields.summary) : issue?.summary ?? (fields.issue === undefined && fields.summary === undefined ? summaryOf(ownNotes ?? '', false, report, context.cache) : undefined)
  if (fieldProblems.length > 0 || slug === undefined || date === undefined || audio === undefined || summary === undefined || (content.body.trim() !== '' && ownNotes === undefined)) return undefined
  if ((fields.issue !== undefined && issue === undefined) || (fields.transcript !== undefined && transcript === undefined) || (fields.chapters !== undefined && chapters === undefined)) return undefined

  const showNotes = ownNotes ?? issue?.html ?? `<p>${escapeHtml(summary)}</p>`
  return {
    file: content.file,
    draft: issue?.draft ?? false,
    slug,
    // Derived from the show's GUID and the file name only, so it survives retitling and redating.
    guid: fields.guid === undefined ? episodeGuid(site.podcastGuid, content.name) : clean(fields.guid),
    issueSlug: issue?.slug,
    title: fields.title === undefined ? issue!.title : clean(fields.title),
    date,
    summary,
    showNotesHtml: showNotes,
    url: issue?.url ?? episodeUrl(site.url, slug),
    audio,
    youtube: fields.youtube,
    spotify: fields.spotify,
    season: fields.season,
    episode: fields.episode,
    episodeType: fields.episode_type ?? 'full',
    explicit: fields.explicit ?? site.explicit,
    transcript,
    chapters
  }
}

async function loadAudio (audio: EpisodeFields['audio'], { site, mediaDir, cache }: EpisodeContext, report: FileReporter): Promise<Audio | undefined> {
  if (typeof audio !== 'string') {
    if (typeof audio !== 'object' || audio === null) return undefined
    if (audio.duration === undefined) report.warning('audio', `remote audio ${audio.url} has no duration: itunes:duration and duration_in_seconds are left out (add duration: in seconds)`)
    return { url: audio.url, type: audio.type, length: audio.length, durationSeconds: audio.duration === undefined ? undefined : Math.round(audio.duration) }
  }
  const found = await findLocal(audio, 'audio', mediaDir, report)
  if (found === undefined) return undefined
  const facts = await cache.remember('audio', await fileVersion(found.absolutePath, cache), async () => await readAudioFacts(found.absolutePath))
  if ('reason' in facts) {
    report.error('audio', `"${audio}" ${facts.reason}`)
    return undefined
  }
  return { url: mediaUrl(site.url, found.path), path: found.path, length: found.length, type: facts.type, durationSeconds: facts.durationSeconds }
}

async function loadTextMedia (relativePath: string, field: 'transcript' | 'chapters', { site, mediaDir, cache }: EpisodeContext, report: FileReporter): Promise<MediaFile | undefined> {
  const type = textMediaType(relativePath)
  const allowed = field === 'transcript' ? ['text/vtt', 'application/x-subrip'] : ['application/json+chapters']
  if (type === undefined || !allowed.includes(type)) {
    report.error(field, `"${relativePath}" must be ${field === 'transcript' ? 'a WebVTT (.vtt) or SubRip (.srt) file' : 'a JSON Chapters (.json) file'}`)
    return undefined
  }
  const found = await findLocal(relativePath, field, mediaDir, report)
  if (found === undefined) return undefined
  const reason = await cache.remember(field, await fileVersion(found.absolutePath, cache), async () => describeBadTextMedia(type, await readFile(found.absolutePath, 'utf8')))
  if (reason !== undefined) {
    report.error(field, `"${relativePath}" ${reason}`)
    return undefined
  }
  return { url: mediaUrl(site.url, found.path), path: found.path, length: found.length, type }
}

// Podcast apps silently drop a transcript or chapters file they cannot parse, so check the shape here.
function describeBadTextMedia (type: string, text: string): string | undefined {
  if (type === 'text/vtt') return /^\uFEFF?WEBVTT(?:[ \t]|\r?\n|$)/.test(text) ? undefined : 'is not WebVTT: it must start with "WEBVTT"'
  if (type === 'application/x-subrip') return /^\uFEFF?\s*\d+\r?\n\d{2}:\d{2}:\d{2},\d{3} --> /.test(text) ? undefined : 'is not SubRip: it must start with a cue number and a "00:00:00,000 --> " time line'
  try {
    const chapters = JSON.parse(text) as { version?: unknown, chapters?: unknown }
    if (typeof chapters.version !== 'string' || !Array.isArray(chapters.chapters)) return 'is not JSON Chapters: it needs "version" and a "chapters" list'
    const bad = chapters.chapters.findIndex((chapter: { startTime?: unknown }) => typeof chapter?.startTime !== 'number' || chapter.startTime < 0)
    return bad === -1 ? undefined : `is not JSON Chapters: chapter ${bad + 1} has no startTime in seconds`
  } catch (error) {
    return `is not valid JSON: ${(error as Error).message}`
  }
}

async function findLocal (relativePath: string, field: string, mediaDir: string, report: FileReporter): Promise<LocalMedia | undefined> {
  const found = await findMediaFile(mediaDir, relativePath)
  if (!('reason' in found)) return found
  report.error(field, found.reason)
  return undefined
}

function unknownIssue (slug: string, issues: readonly LoadedIssue[]): string {
  if (issues.length === 0) return `"${slug}" is not the slug of any issue: there are no issues under issues/ yet`
  return `"${slug}" is not the slug of any issue under issues/; the nearest are: ${nearestNames(slug, issues.map((known) => known.slug)).join(', ')}`
}

function rejectDuplicateGuids (episodes: readonly LoadedEpisode[], sink: Problem[]): LoadedEpisode[] {
  const seen = new Map<string, LoadedEpisode>()
  return episodes.filter((episode) => {
    const first = seen.get(episode.guid)
    if (first === undefined) {
      seen.set(episode.guid, episode)
      return true
    }
    sink.push({ file: episode.file, field: 'guid', message: `"${episode.guid}" is already the GUID of ${first.file}; podcast apps would merge or drop one of them`, severity: 'error' })
    return false
  })
}

// Two file names that differ only in case, accents or punctuation would share one page.
function rejectDuplicateSlugs (episodes: readonly LoadedEpisode[], sink: Problem[]): LoadedEpisode[] {
  const seen = new Map<string, LoadedEpisode>()
  return episodes.filter((episode) => {
    const first = seen.get(episode.slug)
    if (first === undefined) {
      seen.set(episode.slug, episode)
      return true
    }
    sink.push({ file: episode.file, message: `the file names of ${first.file} and ${episode.file} give the same slug "${episode.slug}"; rename one of them`, severity: 'error' })
    return false
  })
}

function checkOnePerIssue (episode: LoadedEpisode, all: readonly LoadedEpisode[], sink: Problem[]): boolean {
  if (episode.issueSlug === undefined) return true
  const first = all.find((other) => other.issueSlug === episode.issueSlug)!
  if (first === episode) return true
  sink.push({ file: episode.file, field: 'issue', message: `issue "${episode.issueSlug}" already has an episode (${first.file}); an issue has one episode, its enclosure`, severity: 'error' })
  return false
}
