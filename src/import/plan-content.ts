import YAML from 'yaml'
import { APPLE_CATEGORIES } from '../content/apple-categories.ts'
import { episodeSchema, siteSchema } from '../content/schemas.ts'
import { derivePodcastGuid } from '../model/podcast-guid.ts'
import { convertBody, htmlToText } from './html-to-markdown.ts'
import type { ImportedFeed, ImportedItem, ImportedPerson } from './imported-feed.ts'
import type { ImportState } from './import-state.ts'
import { mapChannelPodcasting, mapEpisodePodcasting } from './map-podcasting.ts'

/** A content file import wants to write, relative to the content folder. */
export interface PlannedFile {
  readonly file: string
  readonly text: string
}

/** What the report says about one item (or the site), one line per thing not carried over. */
export interface ReportEntry {
  readonly subject: string
  readonly lines: readonly string[]
}

/** The audio an episode points at: a file under media/, or remote audio as the episode schema takes it. */
export type AudioField = string | { url: string, length?: number, type?: string, duration?: number }

/** What was found out about the media before planning: downloads and HEAD checks. */
export interface ResolvedMedia {
  /** The site's artwork under media/, and what to say about it. */
  readonly artwork: { readonly path: string, readonly notes: readonly string[] }
  /** By enclosure URL. */
  readonly audio: ReadonlyMap<string, { readonly field: AudioField, readonly notes: readonly string[] }>
  /** Transcripts, chapters and images that were downloaded, URL → media path. */
  readonly files: ReadonlyMap<string, string>
  /** Why a transcript or chapters file could not be downloaded, by its URL. */
  readonly fileProblems: ReadonlyMap<string, string>
}

export interface PlanInput {
  readonly feed: ImportedFeed
  /** The http(s) address of the feed, from which a missing podcast:guid is derived. */
  readonly feedUrl?: string
  readonly state: ImportState
  /** Slugs already taken by issue files import did not write. */
  readonly takenSlugs: ReadonlySet<string>
  readonly media: ResolvedMedia
}

export interface Plan {
  readonly files: readonly PlannedFile[]
  readonly report: readonly ReportEntry[]
  /** Item id → its files, for the state file. */
  readonly items: Record<string, { issue: string, episode?: string }>
}

const PLACEHOLDER_EMAIL = 'owner@example.invalid'

/**
 * Maps an imported feed to content files: site.yaml, an issue per item and an episode per audio
 * or video enclosure, with the original GUIDs kept as `id` and `guid`. Pure: the same input gives
 * the same files, so importing again writes only what changed.
 */
export function planContent (input: PlanInput): Plan {
  const { feed } = input
  const report: ReportEntry[] = []
  const site = planSite(input)
  report.push(site.report)
  const siteAuthors = new Set(site.authors)
  const taken = new Set(input.takenSlugs)
  const items: Plan['items'] = {}
  const files: PlannedFile[] = [{ file: 'site.yaml', text: site.text }]
  // Oldest first, so slugs given to items with the same title are stable as new items arrive.
  const ordered = [...feed.items].sort((a, b) => (a.date?.getTime() ?? 0) - (b.date?.getTime() ?? 0))
  for (const item of ordered) {
    const lines: string[] = [...item.notes]
    const known = input.state.items[item.id]
    if (item.date === undefined) {
      report.push({ subject: subjectOf(item), lines: [...lines, 'not imported: it has no date, and neither has the feed'] })
      continue
    }
    const slug = known === undefined ? uniqueSlug(slugCandidates(item), taken) : slugOfFile(known.issue)
    taken.add(slug)
    const issueFile = known?.issue ?? `issues/${item.date.toISOString().slice(0, 10)}-${slug}.md`
    const body = item.html === undefined ? { markdown: '' } : convertBody(item.html, item.base ?? feed.link)
    const issue = planIssue(item, body.markdown, siteAuthors, lines)
    files.push({ file: issueFile, text: issue })
    items[item.id] = { issue: issueFile }
    if (item.enclosure !== undefined) {
      const episodeFile = known?.episode ?? `episodes/${slug}.md`
      const episode = planEpisode(item, slug, body, input.media, lines)
      if (episode !== undefined) {
        files.push({ file: episodeFile, text: episode })
        items[item.id] = { issue: issueFile, episode: episodeFile }
      }
    }
    for (const other of item.otherEnclosures) lines.push(`enclosure ${other.url} (${other.type ?? 'no type'}): an issue has one enclosure, its episode's audio; link it from the text if it matters`)
    if (item.unmapped.length > 0) lines.push(`${item.unmapped.join(', ')}: feedwright has no field for ${item.unmapped.length === 1 ? 'it' : 'them'}`)
    if (lines.length > 0) report.push({ subject: subjectOf(item), lines })
  }
  return { files, report: report.filter((entry) => entry.lines.length > 0), items }
}

function planSite (input: PlanInput): { text: string, report: ReportEntry, authors: string[] } {
  const { feed } = input
  const lines: string[] = [...feed.notes]
  const comments: Record<string, string> = {}
  const placeholder = (field: string, value: unknown, why: string): unknown => {
    comments[field] = `PLACEHOLDER: ${why}`
    lines.push(`${field}: ${why}; wrote ${JSON.stringify(value)}: replace it`)
    return value
  }
  const authors = feed.authors.length > 0 ? feed.authors : [{ name: feed.podcast.ownerName ?? feed.podcast.author ?? feed.title ?? 'Unknown author' }]
  const category = feed.podcast.category !== undefined && APPLE_CATEGORIES[feed.podcast.category] !== undefined ? feed.podcast.category : undefined
  if (feed.podcast.category !== undefined && category === undefined) lines.push(`itunes:category "${feed.podcast.category}" is not an Apple Podcasts category`)
  const subcategory = category !== undefined && feed.podcast.subcategory !== undefined && APPLE_CATEGORIES[category]!.includes(feed.podcast.subcategory) ? feed.podcast.subcategory : undefined
  if (feed.podcast.subcategory !== undefined && subcategory === undefined) lines.push(`itunes:category "${feed.podcast.subcategory}" is not a subcategory of ${String(category)}`)
  const link = feed.link !== undefined && feed.link.startsWith('https://') ? feed.link : undefined
  const language = feed.language?.replace(/_/g, '-')
  const guid = feed.podcast.guid ?? (input.feedUrl === undefined ? undefined : derivePodcastGuid(input.feedUrl))
  const email = [feed.podcast.ownerEmail, ...authors.map((author) => author.email)].find((candidate) => candidate !== undefined && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(candidate))
  const core: Record<string, unknown> = {
    title: feed.title ?? placeholder('title', 'Untitled', 'the feed has no title'),
    description: feed.description ?? feed.title ?? placeholder('description', 'Untitled', 'the feed has no description'),
    url: link ?? placeholder('url', 'https://example.invalid/', 'the feed has no https home page'),
    language: language !== undefined && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(language) ? language : placeholder('language', 'en', `the feed's language is ${language === undefined ? 'not given' : `"${language}", not a language tag`}`),
    copyright: feed.copyright,
    authors: authors.map(personFields),
    owner: {
      name: feed.podcast.ownerName ?? authors[0]!.name,
      email: email ?? placeholder('owner.email', PLACEHOLDER_EMAIL, 'the feed gives no email for itunes:owner')
    },
    artwork: input.media.artwork.path,
    category: category ?? placeholder('category', 'News', 'the feed has no Apple Podcasts category'),
    subcategory,
    explicit: feed.podcast.explicit ?? false,
    podcast_guid: guid
  }
  lines.push(...input.media.artwork.notes)
  if (guid === undefined) lines.push('podcast_guid: the feed has none and was read from a file, so none is pinned; pin the one validate prints')
  else comments.podcast_guid = feed.podcast.guid === undefined ? `derived from the old feed address ${String(input.feedUrl)}, as Podcasting 2.0 apps did: keep it` : 'the show\'s podcast:guid from the old feed: keep it'
  if (link !== undefined) comments.url = 'the old home page: set the address you will publish at'
  const podcasting = mapChannelPodcasting(feed.podcast, siteSchema, input.media.files)
  lines.push(...podcasting.unmapped)
  if (feed.podcast.newFeedUrl !== undefined) lines.push(`itunes:new-feed-url ${feed.podcast.newFeedUrl}: the old feed already points elsewhere; import from there`)
  if (feed.unmapped.length > 0) lines.push(`${feed.unmapped.join(', ')}: feedwright has no field for ${feed.unmapped.length === 1 ? 'it' : 'them'}`)
  const document = new YAML.Document(dropUndefined({ ...core, ...podcasting.fields }))
  for (const [field, comment] of Object.entries(comments)) {
    const node = document.getIn(field.split('.'), true) as YAML.Scalar | undefined
    if (node !== undefined) node.comment = ` ${comment}`
  }
  document.commentBefore = ` Imported by feedwright import from ${feed.source} (${feed.format}).`
  return { text: document.toString({ lineWidth: 0 }), report: { subject: 'site.yaml', lines }, authors: authors.map((author) => author.name) }
}

function planIssue (item: ImportedItem, markdown: string, siteAuthors: ReadonlySet<string>, lines: string[]): string {
  const bodyText = markdown === '' ? '' : htmlToText(item.html ?? '')
  const summary = item.summary ?? (bodyText === '' ? undefined : shorten(bodyText, 280))
  const title = item.title ?? shorten(summary ?? bodyText, 80)
  if (item.title === undefined) lines.push(`title: none in the feed; made from the text: "${title}"`)
  const authors = item.authors.map((author) => author.name)
  const fields = dropUndefined({
    title: title === '' ? `Untitled (${item.date!.toISOString().slice(0, 10)})` : title,
    date: isoSeconds(item.date!),
    updated: item.updated !== undefined && item.updated > item.date! ? isoSeconds(item.updated) : undefined,
    summary: summary ?? title,
    tags: item.tags.length === 0 ? undefined : [...new Set(item.tags)],
    authors: authors.length === 0 || (authors.every((name) => siteAuthors.has(name)) && authors.length === siteAuthors.size) ? undefined : authors,
    id: item.id
  })
  return frontMatter(fields, markdown)
}

function planEpisode (item: ImportedItem, slug: string, body: { youtube?: string, spotify?: string }, media: ResolvedMedia, lines: string[]): string | undefined {
  const resolved = media.audio.get(item.enclosure!.url)
  if (resolved === undefined) return undefined
  lines.push(...resolved.notes)
  for (const file of [...item.podcast.transcripts, ...(item.podcast.chapters === undefined ? [] : [item.podcast.chapters])]) {
    const problem = media.fileProblems.get(file.url)
    if (problem !== undefined) lines.push(problem)
  }
  const podcasting = mapEpisodePodcasting(item.podcast, episodeSchema, media.files)
  lines.push(...podcasting.unmapped)
  return frontMatter(dropUndefined({
    issue: slug,
    audio: resolved.field,
    guid: item.id,
    youtube: body.youtube,
    spotify: body.spotify,
    ...podcasting.fields
  }), '')
}

function frontMatter (fields: Record<string, unknown>, body: string): string {
  return `---\n${YAML.stringify(fields, { lineWidth: 0 })}---\n${body === '' ? '' : `${body}\n`}`
}

function personFields (person: ImportedPerson): Record<string, unknown> {
  return dropUndefined({
    name: person.name,
    email: person.email !== undefined && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(person.email) ? person.email : undefined,
    url: person.url?.startsWith('https://') === true ? person.url : undefined
  })
}

// The last path segment of the item's old address keeps its URL recognisable (/p/my-post → my-post); else its title.
function slugCandidates (item: ImportedItem): string[] {
  const fromLink = item.link === undefined ? undefined : slugify(decodeURIComponent(new URL(item.link).pathname.split('/').filter((part) => part !== '').pop() ?? '').replace(/\.[a-z0-9]+$/i, ''))
  return [fromLink !== undefined && /[a-z]/.test(fromLink) && fromLink.length >= 3 ? fromLink : undefined, slugify(item.title ?? ''), 'item'].filter((slug): slug is string => slug !== undefined && slug !== '')
}

/** Lower-case ASCII letters, digits and hyphens, accents dropped: what a slug and a file name may hold. */
export function slugify (text: string): string {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '')
}

function uniqueSlug (candidates: readonly string[], taken: ReadonlySet<string>): string {
  const first = candidates[0]!
  for (const candidate of candidates) if (!taken.has(candidate)) return candidate
  for (let n = 2; ; n++) if (!taken.has(`${first}-${n}`)) return `${first}-${n}`
}

function slugOfFile (file: string): string {
  return file.replace(/^issues\//, '').replace(/\.md$/, '').replace(/^\d{4}-\d{2}-\d{2}-/, '')
}

function shorten (text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, max)
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2)).replace(/[\s,.;:]+$/, '')}…`
}

function isoSeconds (date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z')
}

function subjectOf (item: ImportedItem): string {
  return `"${item.title ?? '(untitled)'}" (${item.idFrom === 'derived' ? 'no id' : `${item.idFrom} ${item.id}`})`
}

function dropUndefined (object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
}
