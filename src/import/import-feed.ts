import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { imageSize } from 'image-size'
import { ImportError } from '../errors.ts'
import { mapLimited } from '../map-limited.ts'
import { charsetOf } from './decode-text.ts'
import { checkRemoteFile, downloadFile, fetchDocument, type NetworkOptions } from './fetch-resource.ts'
import type { ImportedFeed, ImportedItem } from './imported-feed.ts'
import { hashText, readState, serializeState, STATE_FILE, type ImportState } from './import-state.ts'
import { placeholderArtworkPng } from './placeholder-artwork.ts'
import { planContent, type AudioField, type ReportEntry, type ResolvedMedia } from './plan-content.ts'
import { readFeed } from './read-feed.ts'

export interface ImportOptions extends NetworkOptions {
  /** An http(s) URL or a file path. */
  readonly source: string
  readonly contentDir: string
  readonly mediaDir: string
  /** Fetch every enclosure, transcript and chapters file into the media folder. */
  readonly downloadMedia?: boolean
  /** Decide everything, write nothing. */
  readonly dryRun?: boolean
  /** Most feed documents read (the feed and its archive pages). */
  readonly maxDocuments?: number
  /** Told of each download's progress. */
  readonly onProgress?: (file: string, received: number, total: number | undefined) => void
}

/** What an import did (or, with dryRun, would do) to one file. */
export interface FileAction {
  readonly action: 'create' | 'update' | 'unchanged' | 'conflict' | 'download'
  /** Relative to the working directory's view: `content/issues/x.md`, `media/x.mp3`. */
  readonly file: string
  readonly bytes?: number
}

export interface ImportResult {
  readonly format: ImportedFeed['format']
  readonly documents: readonly string[]
  readonly items: number
  readonly episodes: number
  readonly actions: readonly FileAction[]
  readonly report: readonly ReportEntry[]
  /** A permanent redirect of the feed itself: its new address. */
  readonly movedTo?: string
}

/**
 * Imports a feed and its whole archive into content files, keeping GUIDs: fetch (or read) every
 * document, parse, resolve the media, plan the files, then write what is new or changed and is
 * not a file the user edited since the last import.
 */
export async function importFeed (options: ImportOptions): Promise<ImportResult> {
  const { feed, documents, movedTo, limitNote } = await readWholeArchive(options)
  const state = await readState(options.contentDir)
  const mediaNames = new Set(Object.values(state.media))
  const newMedia: Record<string, string> = {}
  const actions: FileAction[] = []
  const media = await resolveMedia(feed, state, options, mediaNames, newMedia, actions)
  const plan = planContent({
    feed,
    feedUrl: /^https?:/.test(options.source) ? options.source : undefined,
    state,
    takenSlugs: await slugsOfOtherIssues(options.contentDir, state),
    media
  })
  const written: Record<string, string> = { ...state.written }
  for (const planned of plan.files) {
    const target = confined(options.contentDir, planned.file)
    const current = await readFile(target, 'utf8').catch(() => undefined)
    const shown = path.join(path.basename(options.contentDir), planned.file)
    if (current === planned.text) {
      actions.push({ action: 'unchanged', file: shown })
      written[planned.file] = hashText(planned.text)
      continue
    }
    if (current !== undefined && state.written[planned.file] !== hashText(current)) {
      actions.push({ action: 'conflict', file: shown })
      continue
    }
    actions.push({ action: current === undefined ? 'create' : 'update', file: shown, bytes: Buffer.byteLength(planned.text) })
    written[planned.file] = hashText(planned.text)
    if (options.dryRun === true) continue
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, planned.text)
  }
  const report = [...plan.report]
  if (limitNote !== undefined) report.unshift({ subject: 'archive', lines: [limitNote] })
  const conflicts = actions.filter((action) => action.action === 'conflict')
  if (conflicts.length > 0) report.push({ subject: 'conflicts', lines: conflicts.map((conflict) => `${conflict.file}: changed since import wrote it, so the feed's version was not written (move your file aside and import again to get it)`) })
  if (options.dryRun !== true) {
    const next: ImportState = { version: 1, items: { ...state.items, ...plan.items }, media: { ...state.media, ...newMedia }, written }
    await writeFile(confined(options.contentDir, STATE_FILE), serializeState(next))
  }
  return {
    format: feed.format,
    documents,
    items: Object.keys(plan.items).length,
    episodes: Object.values(plan.items).filter((item) => item.episode !== undefined).length,
    actions,
    report,
    movedTo
  }
}

interface WholeArchive {
  readonly feed: ImportedFeed
  readonly documents: string[]
  readonly movedTo?: string
  readonly limitNote?: string
}

// The current document first, then RFC 5005 prev-archive and `next` pages, breadth first; an
// item met again in an older document keeps its newer version.
async function readWholeArchive (options: ImportOptions): Promise<WholeArchive> {
  const maxDocuments = options.maxDocuments ?? 500
  const first = await readDocument(options.source, options)
  const seen = new Set([options.source, first.url].filter((url): url is string => url !== undefined).map(withoutHash))
  const documents = [options.source]
  const items = new Map<string, ImportedItem>(first.feed.items.map((item) => [item.id, item]))
  const queue = [...first.feed.older]
  let limitNote: string | undefined
  while (queue.length > 0) {
    const next = queue.shift()!
    if (seen.has(withoutHash(next))) continue
    if (documents.length >= maxDocuments) {
      limitNote = `stopped after ${maxDocuments} documents; ${next} and any older pages were not read`
      break
    }
    seen.add(withoutHash(next))
    documents.push(next)
    const page = await readDocument(next, options)
    for (const item of page.feed.items) if (!items.has(item.id)) items.set(item.id, item)
    queue.push(...page.feed.older)
  }
  return { feed: { ...first.feed, items: [...items.values()] }, documents, movedTo: first.movedTo, limitNote }
}

async function readDocument (source: string, options: ImportOptions): Promise<{ feed: ImportedFeed, url?: string, movedTo?: string }> {
  if (/^https?:\/\//i.test(source)) {
    const fetched = await fetchDocument(source, options)
    return { feed: await readFeed(fetched.bytes, source, fetched.url, charsetOf(fetched.contentType)), url: fetched.url, movedTo: fetched.movedPermanentlyTo }
  }
  let bytes: Buffer
  try {
    bytes = await readFile(source)
  } catch (error) {
    throw new ImportError(`${source}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give an https:// address or the path of a feed file`, 'FEEDWRIGHT_IMPORT_FORMAT')
  }
  // Relative URLs in a file resolve against the feed's own address, which the parser finds in it.
  const feed = await readFeed(bytes, source, undefined)
  return { feed }
}

async function resolveMedia (feed: ImportedFeed, state: ImportState, options: ImportOptions, taken: Set<string>, newMedia: Record<string, string>, actions: FileAction[]): Promise<ResolvedMedia> {
  const fetchInto = async (url: string, type: string | undefined, stem?: string): Promise<{ name: string, length: number, type?: string }> => {
    const known = state.media[url] ?? newMedia[url]
    const name = known ?? mediaFileName(url, type, taken, stem)
    taken.add(name)
    newMedia[url] = name
    const target = confined(options.mediaDir, name)
    const existing = await stat(target).catch(() => undefined)
    if (known !== undefined && existing !== undefined) return { name, length: existing.size, type }
    const shown = path.join(path.basename(options.mediaDir), name)
    if (options.dryRun === true) {
      actions.push({ action: 'download', file: shown })
      return { name, length: 0, type }
    }
    await mkdir(path.dirname(target), { recursive: true })
    const done = await downloadFile(url, target, { ...options, onProgress: (received, total) => options.onProgress?.(name, received, total) })
    actions.push({ action: 'download', file: shown, bytes: done.length })
    return { name, length: done.length, type: done.type }
  }

  const artwork = await resolveArtwork(feed, options, fetchInto, taken, actions)
  const audio = new Map<string, { field: AudioField, notes: string[] }>()
  const files = new Map<string, string>()
  const fileProblems = new Map<string, string>()
  const episodes = feed.items.filter((item, index) => item.enclosure !== undefined && feed.items.findIndex((other) => other.enclosure?.url === item.enclosure!.url) === index)
  const keepRemote = (item: ImportedItem, notes: string[]) => ({ field: dropUndefined({ url: item.enclosure!.url, length: item.enclosure!.length, type: item.enclosure!.type, duration: item.podcast.duration }) as AudioField, notes })
  if (options.downloadMedia !== true) {
    // HEAD requests are small: a few at a time, so a long back catalogue is checked quickly.
    await mapLimited(episodes, 4, async (item) => {
      const notes: string[] = []
      try {
        audio.set(item.enclosure!.url, { field: await checkedRemoteAudio(item.enclosure!, item.podcast.duration, options, notes), notes })
      } catch (error) {
        if (!(error instanceof ImportError)) throw error
        notes.push(`audio ${item.enclosure!.url}: ${error.message}; the feed's length and type are kept unchecked`)
        audio.set(item.enclosure!.url, keepRemote(item, notes))
      }
    })
    return { artwork, audio, files, fileProblems }
  }
  for (const url of feed.podcast.persons.flatMap((person) => person.img === undefined ? [] : [person.img])) {
    try {
      files.set(url, (await fetchInto(url, undefined)).name)
    } catch (error) {
      if (!(error instanceof ImportError)) throw error
      fileProblems.set(url, `${url}: not downloaded (${error.message})`)
    }
  }
  // Downloads one after another: one progress line, and the host is not hammered.
  // Two episodes may share one audio file; each still brings its own transcript and chapters.
  for (const item of feed.items.filter((candidate) => candidate.enclosure !== undefined)) {
    const enclosure = item.enclosure!
    if (!audio.has(enclosure.url)) {
      const notes: string[] = []
      try {
        const done = await fetchInto(enclosure.url, enclosure.type)
        if (options.dryRun !== true && enclosure.length !== undefined && enclosure.length !== done.length) notes.push(`enclosure length: the feed said ${enclosure.length} bytes, the file has ${done.length}; the file is right`)
        audio.set(enclosure.url, { field: done.name, notes })
      } catch (error) {
        if (!(error instanceof ImportError)) throw error
        notes.push(`audio ${enclosure.url}: not downloaded (${error.message}); the episode points at it where it is`)
        audio.set(enclosure.url, keepRemote(item, notes))
      }
    }
    const images = [item.podcast.image, ...item.podcast.persons.map((person) => person.img)].flatMap((url) => url === undefined ? [] : [{ url, type: undefined }])
    const linked = [...item.podcast.transcripts.map((file) => ({ url: file.url, type: file.type })), ...(item.podcast.chapters === undefined ? [] : [{ url: item.podcast.chapters.url, type: 'application/json+chapters' }]), ...images]
    for (const file of linked) {
      if (files.has(file.url)) continue
      try {
        files.set(file.url, (await fetchInto(file.url, file.type)).name)
      } catch (error) {
        if (!(error instanceof ImportError)) throw error
        fileProblems.set(file.url, `${file.url}: not downloaded (${error.message})`)
      }
    }
  }
  return { artwork, audio, files, fileProblems }
}

async function resolveArtwork (feed: ImportedFeed, options: ImportOptions, fetchInto: (url: string, type: string | undefined, stem?: string) => Promise<{ name: string }>, taken: Set<string>, actions: FileAction[]): Promise<ResolvedMedia['artwork']> {
  const placeholder = async (why: string): Promise<ResolvedMedia['artwork']> => {
    const name = 'artwork-placeholder.png'
    const target = confined(options.mediaDir, name)
    if (options.dryRun !== true && await stat(target).catch(() => undefined) === undefined) {
      await mkdir(options.mediaDir, { recursive: true })
      await writeFile(target, placeholderArtworkPng())
      actions.push({ action: 'create', file: path.join(path.basename(options.mediaDir), name) })
    }
    taken.add(name)
    return { path: name, notes: [`artwork: ${why}; a plain grey placeholder (media/${name}) stands in: replace it with square artwork of 1400 to 3000 px`] }
  }
  if (feed.imageUrl === undefined) return await placeholder('the feed has no artwork')
  let name: string
  try {
    name = (await fetchInto(feed.imageUrl, undefined, 'artwork')).name
  } catch (error) {
    if (!(error instanceof ImportError)) throw error
    return await placeholder(`${feed.imageUrl} could not be fetched (${error.message})`)
  }
  if (options.dryRun === true) return { path: name, notes: [] }
  try {
    const size = imageSize(await readFile(confined(options.mediaDir, name)))
    if ((size.type === 'jpg' || size.type === 'png') && size.width === size.height && size.width >= 1400 && size.width <= 3000) return { path: name, notes: [] }
    return await placeholder(`the feed's artwork (kept as media/${name}) is a ${size.width}x${size.height} ${String(size.type)}, and Apple Podcasts needs a square JPEG or PNG of 1400 to 3000 px`)
  } catch {
    return await placeholder(`the feed's artwork (kept as media/${name}) is not an image feedwright can read`)
  }
}

const AUDIO_TYPES: Readonly<Record<string, string>> = { mp3: 'audio/mpeg', m4a: 'audio/mp4', mp4: 'video/mp4', m4v: 'video/x-m4v', aac: 'audio/aac', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/opus', wav: 'audio/wav', flac: 'audio/flac', mov: 'video/quicktime', webm: 'audio/webm' }

// Feeds often carry a stale length or a generic type: the server's answer wins where it is specific.
async function checkedRemoteAudio (enclosure: NonNullable<ImportedItem['enclosure']>, duration: number | undefined, options: ImportOptions, notes: string[]): Promise<AudioField> {
  let url = enclosure.url
  let facts = await checkRemoteFile(url, options)
  if (url.startsWith('http://')) {
    const secure = `https://${url.slice('http://'.length)}`
    try {
      facts = await checkRemoteFile(secure, options)
      notes.push(`audio: ${url} is also served over https, which feedwright requires; the episode points at ${secure}`)
      url = secure
    } catch {
      notes.push(`audio: ${url} is http and not served over https; feedwright requires https: host the file elsewhere or use --download-media`)
    }
  }
  const extension = /\.([a-z0-9]+)$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase()
  const specific = (type: string | undefined) => type !== undefined && /^(audio|video)\//.test(type) ? type : undefined
  const type = specific(facts.type) ?? specific(enclosure.type) ?? (extension === undefined ? undefined : AUDIO_TYPES[extension])
  const length = facts.length ?? enclosure.length
  if (facts.length !== undefined && enclosure.length !== undefined && facts.length !== enclosure.length) notes.push(`enclosure length: the feed said ${enclosure.length} bytes, the server says ${facts.length}; the server's is used`)
  if (facts.length === undefined) notes.push(`audio: the server gave no length for ${url}${enclosure.length === undefined ? '; add length: in bytes' : '; the feed\'s is kept'}`)
  if (type === undefined) notes.push(`audio: no audio or video type for ${url}; add type:`)
  return dropUndefined({ url, length, type, duration }) as AudioField
}

const EXTENSIONS: Readonly<Record<string, string>> = { 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'video/mp4': 'mp4', 'image/jpeg': 'jpg', 'image/png': 'png', 'text/vtt': 'vtt', 'application/x-subrip': 'srt', 'application/srt': 'srt', 'application/json+chapters': 'json', 'application/json': 'json' }

/** A file name for a downloaded URL: its own name slugged (never a path), unique in the media folder. */
function mediaFileName (url: string, type: string | undefined, taken: ReadonlySet<string>, stem?: string): string {
  const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '')
  const match = /^(.*?)(?:\.([A-Za-z0-9]{1,5}))?$/.exec(last)!
  const extension = match[2]?.toLowerCase() ?? (type === undefined ? undefined : EXTENSIONS[type]) ?? 'bin'
  const base = stem ?? (mediaSlug(match[1] ?? '') || 'file')
  for (let n = 1; ; n++) {
    const name = `${base}${n === 1 ? '' : `-${n}`}.${extension}`
    if (!taken.has(name)) return name
  }
}

// Like a slug, but dots stay (w04.chapters.json keeps its name, and so its URL); never "..".
function mediaSlug (name: string): string {
  return name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/\.{2,}/g, '-').replace(/-{2,}/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 80)
}

/** The path of `relative` inside `dir`; refuses anything that would leave it. */
function confined (dir: string, relative: string): string {
  const target = path.resolve(dir, relative)
  const inside = path.relative(path.resolve(dir), target)
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) throw new ImportError(`refusing to write ${relative}: it is outside ${dir}`, 'FEEDWRIGHT_IMPORT_FORMAT')
  return target
}

// Issues the user wrote themselves keep their slugs; imported ones get others.
async function slugsOfOtherIssues (contentDir: string, state: ImportState): Promise<Set<string>> {
  const names = await readdir(path.join(contentDir, 'issues')).catch(() => [] as string[])
  return new Set(names.filter((name) => name.endsWith('.md') && state.written[`issues/${name}`] === undefined).map((name) => name.slice(0, -3).replace(/^\d{4}-\d{2}-\d{2}-/, '')))
}

function withoutHash (url: string): string {
  return url.replace(/#.*$/, '')
}

function dropUndefined (object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
}
