import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.ts'
import { mapLimited } from '../map-limited.ts'
import type { AlternateEnclosure, Audio, Episode, MediaFile, Site, Transcript } from '../model/publication.ts'
import { escapeHtml, removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { versionOf } from '../model/version.ts'
import { episodeGuid, episodeUrl, mediaUrl } from '../model/urls.ts'
import { changedWithin, type ChangedPaths } from './changed-paths.ts'
import type { ContentFile } from './content-files.ts'
import { readDate, slugOfFileName, summaryOf, type LoadedIssue } from './load-issues.ts'
import { fileVersion, type LoadCache } from './load-cache.ts'
import { renderBody } from './markdown.ts'
import { nearestNames } from './nearest.ts'
import { authorsAsHosts, imageResolver, listOf, readImage, readSharedPodcastFields, withoutWrongFields } from './load-podcasting.ts'
import { findMediaFile, readAudioFacts, readIntegrity, readMediaFacts, textMediaType, type LocalMedia } from './media.ts'
import { hasErrors, rejectDuplicates, reporterFor, type FileReporter } from './problem-list.ts'
import { checkFields } from './schema-problems.ts'
import { readChapterMarks, readCues } from './timed-text.ts'
import { episodeSchema, type EpisodeFields } from './schemas.ts'

/** An episode as read from its file, with the file it came from and whether its issue is a draft. */
export interface LoadedEpisode extends Episode {
  readonly file: string
  readonly draft: boolean
  /** The GUID was written in the file (`guid:`), not derived from its name. */
  readonly explicitGuid: boolean
  /** `previous_audio_url`: acknowledges that the enclosure URL changes from this published one. */
  readonly previousAudioUrl?: string
}

/**
 * Validates every episode file against the issues and media; returns the valid ones.
 * `brokenIssueSlugs`: slugs of issue files that exist but failed to load. An episode of one is
 * not told its issue does not exist: the issue's own errors say what to fix.
 */
export async function loadEpisodes (files: readonly ContentFile[], issues: readonly LoadedIssue[], brokenIssueSlugs: ReadonlySet<string>, site: Site, mediaDir: string, sink: Problem[], cache: LoadCache, changed?: ChangedPaths): Promise<LoadedEpisode[]> {
  const episodes: LoadedEpisode[] = []
  const issueBySlug = new Map(issues.map((issue) => [issue.slug, issue]))
  const context: EpisodeContext = { site, mediaDir, cache, brokenIssueSlugs, issueBySlug }
  // A load told what changed takes an episode as the last load made it while its file, its issue
  // and the site are the same and nothing under media/ changed. Anything else is checked again.
  const mayTake = !changedWithin(changed, mediaDir)
  const siteKey = versionOf(site)
  // Each episode waits on the file system several times (its audio, transcripts, images): one
  // after the other, two hundred episodes took 66 ms of a publish, mostly waiting. Many at once,
  // each with its own problems, reported in the files' order.
  const loaded = await mapLimited(files, 16, async (content): Promise<{ readonly episode?: LoadedEpisode, readonly problems: readonly Problem[] }> => {
    const issue = typeof content.data.issue === 'string' ? issueBySlug.get(content.data.issue) : undefined
    const known = mayTake ? readingByFile.get(content) : undefined
    if (known !== undefined && known.issue === issue && known.siteKey === siteKey && known.mediaDir === mediaDir) {
      for (const [file, version] of known.inputs) cache.noteInput(file, version)
      return known
    }
    const problems: Problem[] = []
    const inputs = new Map<string, string>()
    const episode = await loadEpisode(content, issues, { ...context, cache: notingInputs(cache, inputs) }, problems)
    if (episode === undefined || hasErrors(problems)) {
      readingByFile.delete(content)
      return { problems }
    }
    const reading = { issue, siteKey, mediaDir, inputs, problems, episode }
    readingByFile.set(content, reading)
    return reading
  })
  for (const { episode, problems } of loaded) {
    sink.push(...problems)
    if (episode !== undefined) episodes.push(episode)
  }
  const unique = rejectDuplicateSlugs(rejectDuplicateGuids(episodes, sink), sink)
  return unique.filter((episode) => checkOnePerIssue(episode, unique, sink))
}

/** An episode as a load made it from its file, and what else it was made of. */
interface EpisodeReading {
  readonly episode: LoadedEpisode
  /** Its warnings: an episode with errors is loaded again every time. */
  readonly problems: readonly Problem[]
  readonly issue: LoadedIssue | undefined
  readonly siteKey: string
  readonly mediaDir: string
  /** The files under media/ it read, with their versions (see LoadCache.noteInput). */
  readonly inputs: ReadonlyMap<string, string>
}

// By the content file a load took as the last one read it (see readContentFiles): the same object
// while the file does not change. Loading an episode again costs little work but many waits on the
// file system, and reads its issue's HTML from the cache for its show notes.
const readingByFile = new WeakMap<ContentFile, EpisodeReading>()

// The cache as one episode's load sees it: the media files it reads are noted for it as well.
function notingInputs (cache: LoadCache, inputs: Map<string, string>): LoadCache {
  return {
    ...cache,
    noteInput: (file, version) => {
      inputs.set(file, version)
      cache.noteInput(file, version)
    }
  }
}

/** What every episode is checked against. */
interface EpisodeContext {
  readonly site: Site
  readonly mediaDir: string
  readonly cache: LoadCache
  readonly brokenIssueSlugs: ReadonlySet<string>
  readonly issueBySlug: ReadonlyMap<string, LoadedIssue>
}

async function loadEpisode (content: ContentFile, issues: readonly LoadedIssue[], context: EpisodeContext, sink: Problem[]): Promise<LoadedEpisode | undefined> {
  const { site } = context
  const fieldProblems = checkFields(episodeSchema, content, content.file)
  sink.push(...fieldProblems)
  const report = reporterFor(sink, content.file, content.lineOf)
  const fields = content.data as EpisodeFields
  const slug = slugOfFileName(content.name, report)
  const issue = typeof fields.issue === 'string' ? context.issueBySlug.get(fields.issue) : undefined
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
  const problemsBefore = sink.length
  // Fields the schema found wrong are left out of the checks below, which need their shape.
  const checkable = withoutWrongFields(fields, fieldProblems)
  const transcripts = await loadTranscripts(checkable.transcript, context, report)
  const chapters = await loadChapters(checkable.chapters, context, report)
  const image = checkable.image === undefined ? undefined : await readImage(context.mediaDir, site.url, context.cache, 'image', checkable.image, report)
  const shared = await readSharedPodcastFields(checkable, report, imageResolver(context.mediaDir, site.url, context.cache, report))
  const alternateEnclosures = audio === undefined ? [] : await loadAlternateEnclosures(checkable.alternate_enclosures ?? [], audio, context, report)
  if (audio !== undefined) checkSoundbites(checkable.soundbites ?? [], audio, report)
  const ownNotes = content.body.trim() === '' ? undefined : renderBody(content, site.url, context.cache, report)
  // Without an issue, a summary not written is derived from the episode's own show notes.
  const summary = typeof fields.summary === 'string' ? clean(fields.summary) : issue?.summary ?? (fields.issue === undefined && fields.summary === undefined ? summaryOf(ownNotes ?? '', false, report, context.cache) : undefined)
  if (fieldProblems.length > 0 || slug === undefined || date === undefined || audio === undefined || shared === undefined || summary === undefined || hasErrors(sink.slice(problemsBefore))) return undefined
  if (fields.issue !== undefined && issue === undefined) return undefined

  const showNotes = ownNotes ?? issue?.readHtml() ?? `<p>${escapeHtml(summary)}</p>`
  const sameAuthorsAsSite = issue === undefined || issue.authors.map((author) => author.name).join('\n') === site.authors.map((author) => author.name).join('\n')
  return {
    file: content.file,
    draft: issue?.draft ?? false,
    slug,
    // Derived from the show's GUID and the file name only, so it survives retitling and redating.
    guid: fields.guid === undefined ? episodeGuid(site.podcastGuid, content.name) : clean(fields.guid),
    explicitGuid: fields.guid !== undefined,
    previousAudioUrl: fields.previous_audio_url,
    issueSlug: issue?.slug,
    issueUrl: issue?.url,
    title: fields.title === undefined ? issue!.title : clean(fields.title),
    date,
    summary,
    showNotesHtml: showNotes,
    url: episodeUrl(site.url, slug),
    audio,
    youtube: fields.youtube,
    spotify: fields.spotify,
    contentLinks: [
      ...fields.youtube === undefined ? [] : [{ url: fields.youtube, label: 'Watch on YouTube', platform: 'YouTube' as const }],
      ...fields.spotify === undefined ? [] : [{ url: fields.spotify, label: 'Listen on Spotify', platform: 'Spotify' as const }],
      ...(fields.content_links ?? []).map((link) => ({ url: link.url, label: clean(link.label) }))
    ],
    season: fields.season,
    episode: fields.episode,
    episodeType: fields.episode_type ?? 'full',
    explicit: fields.explicit ?? site.explicit,
    transcripts,
    chapters,
    chapterMarks: chapters?.path === undefined ? [] : await context.cache.remember('chapter-marks', await fileVersion(path.join(context.mediaDir, chapters.path), context.cache), async () => await readChapterMarks(path.join(context.mediaDir, chapters.path!))),
    ...shared,
    // An issue by other people than the show's usual hosts names them for this episode; item people replace the channel's.
    persons: shared.persons ?? (sameAuthorsAsSite ? undefined : authorsAsHosts(issue.authors)),
    image,
    soundbites: (fields.soundbites ?? []).map((bite) => ({ startTime: bite.start, duration: bite.duration, title: bite.title === undefined ? undefined : clean(bite.title) })),
    alternateEnclosures
  }
}

async function loadTranscripts (field: EpisodeFields['transcript'], context: EpisodeContext, report: FileReporter): Promise<Transcript[]> {
  const transcripts: Transcript[] = []
  const entries = listOf(field)
  for (const [index, entry] of entries.entries()) {
    const name = Array.isArray(field) ? `transcript.${index}` : 'transcript'
    const described = typeof entry === 'string' ? { path: entry } : entry
    if ((described.path === undefined) === (described.url === undefined)) {
      report.error(name, 'give either path (a file under media/) or url (a transcript hosted elsewhere, with its type)')
      continue
    }
    if (described.url !== undefined) {
      if (described.type === undefined) {
        report.error(name, `the type of ${described.url} is required (text/vtt, application/x-subrip, text/html, text/plain, application/json)`)
        continue
      }
      transcripts.push({ url: described.url, type: described.type, length: 0, language: described.language, rel: described.rel ?? (TIMED.includes(described.type) ? 'captions' : undefined), cues: [] })
      continue
    }
    const file = await loadTextMedia(described.path!, name, 'transcript', context, report)
    if (file === undefined) continue
    const absolute = path.join(context.mediaDir, file.path!)
    const cues = await context.cache.remember('cues', await fileVersion(absolute, context.cache), async () => await readCues(absolute, file.type))
    // WebVTT and SubRip are timed, so apps can show them as captions in sync with the audio.
    transcripts.push({ ...file, language: described.language, rel: 'captions', cues })
  }
  return transcripts
}

const TIMED = ['text/vtt', 'application/x-subrip']

async function loadChapters (field: EpisodeFields['chapters'], context: EpisodeContext, report: FileReporter): Promise<MediaFile | undefined> {
  if (field === undefined) return undefined
  if (typeof field !== 'string') return { url: field.url, type: 'application/json+chapters', length: 0 }
  return await loadTextMedia(field, 'chapters', 'chapters', context, report)
}

// A soundbite is a range of the enclosure's audio, so it must lie inside it.
function checkSoundbites (soundbites: NonNullable<EpisodeFields['soundbites']>, audio: Audio, report: FileReporter): void {
  if (audio.durationSeconds === undefined) return
  soundbites.forEach((bite, index) => {
    if (bite.start + bite.duration > audio.durationSeconds! + 0.5) {
      report.error(`soundbites.${index}`, `${bite.start} s + ${bite.duration} s ends after the audio, which lasts ${audio.durationSeconds!} s`)
    }
  })
}

async function loadAlternateEnclosures (list: NonNullable<EpisodeFields['alternate_enclosures']>, audio: Audio, context: EpisodeContext, report: FileReporter): Promise<AlternateEnclosure[]> {
  const enclosures: AlternateEnclosure[] = []
  for (const [index, entry] of list.entries()) {
    const field = `alternate_enclosures.${index}`
    const extraSources = (entry.sources ?? []).map((source) => typeof source === 'string' ? { uri: source } : { uri: source.uri, contentType: source.content_type })
    const described = {
      bitrate: entry.bitrate,
      height: entry.height,
      lang: entry.lang,
      title: entry.title === undefined ? undefined : clean(entry.title),
      rel: entry.rel,
      codecs: entry.codecs,
      default: entry.default ?? false,
      integrity: entry.integrity
    }
    if (entry.path !== undefined && entry.url !== undefined) {
      report.error(field, 'give either path (a file under media/) or url (a file elsewhere), not both')
      continue
    }
    if (entry.url !== undefined) {
      if (entry.type === undefined || entry.length === undefined) {
        report.error(field, `a file elsewhere needs its type and length (in bytes): ${entry.url}`)
        continue
      }
      enclosures.push({ ...described, type: entry.type, length: entry.length, sources: [{ uri: entry.url }, ...extraSources] })
      continue
    }
    // Without a file of its own, the entry is the enclosure itself offered over more transports.
    const relativePath = entry.path ?? audio.path
    if (relativePath === undefined) {
      enclosures.push({ ...described, default: entry.default ?? true, type: audio.type, length: audio.length, sources: [{ uri: audio.url }, ...extraSources] })
      continue
    }
    const found = await findLocal(relativePath, `${field}.path`, context.mediaDir, report)
    if (found === undefined) continue
    const version = await fileVersion(found.absolutePath, context.cache)
    const facts = await context.cache.remember('media', version, async () => await readMediaFacts(found.absolutePath))
    if ('reason' in facts) {
      report.error(`${field}.path`, `"${relativePath}" ${facts.reason}`)
      continue
    }
    if (entry.type !== undefined && entry.type !== facts.type) {
      report.error(`${field}.type`, `"${entry.type}" is not what "${relativePath}" is: it is ${facts.type} (leave type out: it is read from the file)`)
      continue
    }
    const integrity = entry.integrity ?? { type: 'sri' as const, value: await context.cache.remember('integrity', version, async () => await readIntegrity(found.absolutePath)) }
    enclosures.push({
      ...described,
      default: entry.default ?? entry.path === undefined,
      type: facts.type,
      length: found.length,
      // Average bits per second over the whole file, as the namespace defines bitrate.
      bitrate: entry.bitrate ?? Math.round(found.length * 8 / facts.durationSeconds),
      sources: [{ uri: mediaUrl(context.site.url, found.path) }, ...extraSources],
      integrity,
      path: found.path,
      durationSeconds: facts.durationSeconds
    })
  }
  return enclosures
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

async function loadTextMedia (relativePath: string, field: string, kind: 'transcript' | 'chapters', { site, mediaDir, cache }: EpisodeContext, report: FileReporter): Promise<MediaFile | undefined> {
  const type = textMediaType(relativePath)
  const allowed = kind === 'transcript' ? TIMED : ['application/json+chapters']
  if (type === undefined || !allowed.includes(type)) {
    report.error(field, `"${relativePath}" must be ${kind === 'transcript' ? 'a WebVTT (.vtt) or SubRip (.srt) file' : 'a JSON Chapters (.json) file'}`)
    return undefined
  }
  const found = await findLocal(relativePath, field, mediaDir, report)
  if (found === undefined) return undefined
  const reason = await cache.remember(kind, await fileVersion(found.absolutePath, cache), async () => describeBadTextMedia(type, await readFile(found.absolutePath, 'utf8')))
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
  return rejectDuplicates(episodes, (episode) => episode.guid, (episode, first) =>
    ({ file: episode.file, field: 'guid', message: `"${episode.guid}" is already the GUID of ${first.file}; podcast apps would merge or drop one of them`, severity: 'error' }), sink)
}

// Two file names that differ only in case, accents or punctuation would share one page.
function rejectDuplicateSlugs (episodes: readonly LoadedEpisode[], sink: Problem[]): LoadedEpisode[] {
  return rejectDuplicates(episodes, (episode) => episode.slug, (episode, first) =>
    ({ file: episode.file, message: `the file names of ${first.file} and ${episode.file} give the same slug "${episode.slug}"; rename one of them`, severity: 'error' }), sink)
}

function checkOnePerIssue (episode: LoadedEpisode, all: readonly LoadedEpisode[], sink: Problem[]): boolean {
  if (episode.issueSlug === undefined) return true
  const first = all.find((other) => other.issueSlug === episode.issueSlug)!
  if (first === episode) return true
  sink.push({ file: episode.file, field: 'issue', message: `issue "${episode.issueSlug}" already has an episode (${first.file}); an issue has one episode, its enclosure`, severity: 'error' })
  return false
}
