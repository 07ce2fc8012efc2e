import type { TObject } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import type { ImportedLinkedFile, ImportedPodcastPerson, PodcastChannelTags, PodcastItemTags } from './imported-feed.ts'

/** Fields for a front matter or site.yaml, and what had no place in it, one line each. */
export interface MappedFields {
  readonly fields: Record<string, unknown>
  readonly unmapped: string[]
}

/**
 * Maps an item's iTunes and Podcasting 2.0 tags to episode fields. A field is written only when
 * the loader's schema accepts it as it is (read at run time, so fields another version of
 * feedwright knows are written there, and reported here); the rest goes to the report.
 * `localFiles` gives the media path of a file that was downloaded, by its URL.
 */
export function mapEpisodePodcasting (tags: PodcastItemTags, schema: TObject, localFiles: ReadonlyMap<string, string> = new Map()): MappedFields {
  const out = collector(schema)
  out.add('season', tags.season, `itunes:season ${String(tags.season)}`)
  out.add('episode', tags.episode, `itunes:episode ${String(tags.episode)}`)
  out.add('episode_type', tags.episodeType, `itunes:episodeType "${String(tags.episodeType)}"`)
  out.add('explicit', tags.explicit, 'itunes:explicit')
  out.add('image', imageOf(tags.image, localFiles, out.unmapped, 'itunes:image'), `itunes:image ${String(tags.image)}`)
  out.add('persons', tags.persons.length === 0 ? undefined : tags.persons.map((person) => personFields(person, localFiles, out.unmapped)), `podcast:person ${tags.persons.map((person) => person.name).join(', ')}`)
  out.addFirstAccepted('transcript', transcriptCandidates(tags.transcripts, localFiles), `podcast:transcript ${tags.transcripts.map((file) => file.url).join(', ')}`)
  const chapters = tags.chapters
  out.addFirstAccepted('chapters', chapters === undefined ? [] : [localFiles.get(chapters.url), dropUndefined({ url: chapters.url, type: chapters.type })], `podcast:chapters ${String(chapters?.url)}`)
  if (tags.block === true) out.unmapped.push('itunes:block yes: feedwright publishes every episode it has; leave this one out yourself if it must stay hidden')
  return { fields: out.fields, unmapped: out.unmapped }
}

/** Maps a channel's Podcasting 2.0 tags (beyond the core site.yaml fields) to site fields, as {@link mapEpisodePodcasting} does. */
export function mapChannelPodcasting (tags: PodcastChannelTags, schema: TObject, localFiles: ReadonlyMap<string, string> = new Map()): MappedFields {
  const out = collector(schema)
  out.add('locked', tags.locked, 'podcast:locked')
  out.add('podcast_type', tags.type, `itunes:type "${String(tags.type)}"`)
  const funding = tags.funding.map((fund) => ({ url: fund.url, text: fund.text ?? 'Support the show' }))
  // A list where the schema takes one; else the first, and the others are reported.
  const fundingLabel = `podcast:funding ${funding.map((fund) => fund.url).join(', ')}`
  if (out.addFirstAccepted('funding', [funding.length > 1 ? funding : funding[0], funding[0]], fundingLabel) && funding.length > 1 && !Array.isArray(out.fields.funding)) {
    out.unmapped.push(`podcast:funding ${funding.slice(1).map((fund) => fund.url).join(', ')}: only one funding link fits in site.yaml`)
  }
  out.add('persons', tags.persons.length === 0 ? undefined : tags.persons.map((person) => personFields(person, localFiles, out.unmapped)), `podcast:person ${tags.persons.map((person) => person.name).join(', ')}`)
  out.add('medium', tags.medium, `podcast:medium "${String(tags.medium)}"`)
  out.add('license', tags.license, `podcast:license "${String(tags.license)}"`)
  out.add('update_frequency', tags.updateFrequency === undefined ? undefined : dropUndefined({ ...tags.updateFrequency }), `podcast:updateFrequency "${String(tags.updateFrequency?.text)}"`)
  out.add('location', tags.location, `podcast:location "${String(tags.location)}"`)
  if (tags.complete === true) out.unmapped.push('itunes:complete yes: feedwright marks no show complete; it stays as it is once you stop publishing')
  return { fields: out.fields, unmapped: out.unmapped }
}

function collector (schema: TObject): { fields: Record<string, unknown>, unmapped: string[], add: (name: string, value: unknown, label: string) => boolean, addFirstAccepted: (name: string, candidates: readonly unknown[], label: string) => boolean } {
  const fields: Record<string, unknown> = {}
  const unmapped: string[] = []
  const accepts = (name: string, value: unknown): boolean => {
    const property = schema.properties[name]
    return property !== undefined && Value.Check(property, value)
  }
  const addFirstAccepted = (name: string, candidates: readonly unknown[], label: string): boolean => {
    const present = candidates.filter((candidate) => candidate !== undefined)
    if (present.length === 0) return false
    const accepted = present.find((candidate) => accepts(name, candidate))
    if (accepted !== undefined) {
      fields[name] = accepted
      return true
    }
    unmapped.push(schema.properties[name] === undefined ? `${label}: this version of feedwright has no ${name} field` : `${label}: not in a form ${name}: accepts here`)
    return false
  }
  return { fields, unmapped, add: (name, value, label) => addFirstAccepted(name, [value], label), addFirstAccepted }
}

// A file downloaded into media/ is written as its path (with its language), the others as links.
function transcriptCandidates (files: readonly ImportedLinkedFile[], localFiles: ReadonlyMap<string, string>): unknown[] {
  if (files.length === 0) return []
  const entries = files.map((file) => {
    const local = localFiles.get(file.url)
    if (local === undefined) return dropUndefined({ url: file.url, type: file.type, language: file.language, rel: file.rel })
    return file.language === undefined ? local : { path: local, language: file.language }
  })
  return [entries.length === 1 ? entries[0] : entries, entries[0]]
}

function personFields (person: ImportedPodcastPerson, localFiles: ReadonlyMap<string, string>, unmapped: string[]): Record<string, string> {
  return dropUndefined({ name: person.name, role: person.role, group: person.group, img: imageOf(person.img, localFiles, unmapped, `podcast:person ${person.name} img`), href: person.href }) as Record<string, string>
}

// An image downloaded into media/ is written as its path; one left where it is must be https:,
// which podcast apps require: a plain http: one is reported instead of written.
function imageOf (url: string | undefined, localFiles: ReadonlyMap<string, string>, unmapped: string[], label: string): string | undefined {
  if (url === undefined) return undefined
  const local = localFiles.get(url)
  if (local !== undefined) return local
  if (url.startsWith('https:')) return url
  unmapped.push(`${label} ${url}: not https:, which podcast apps require; import with --download-media to keep a copy in media/`)
  return undefined
}

function dropUndefined (object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
}
