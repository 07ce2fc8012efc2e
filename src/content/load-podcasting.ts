import rrule from 'rrule'
import type { Chat, Funding, Image, License, Location, PodcastPerson, RemoteItem, SocialInteract, Txt, ValueBlock, ValueRecipient } from '../model/publication.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { mediaUrl } from '../model/urls.ts'
import { fileVersion, type LoadCache } from './load-cache.ts'
import { findMediaFile, readImageFacts } from './media.ts'
import { PERSON_ROLES } from './podcast-taxonomy.ts'
import type { FileReporter } from './problem-list.ts'
import type { EpisodeFields, SiteFields } from './schemas.ts'

// Turns the Podcasting 2.0 fields a channel and an item share into the model, checking what a
// schema cannot: taxonomy roles, value splits, recurrence rules. Every field here has already
// passed its schema, so shapes are known.

type Shared = Pick<SiteFields, 'persons' | 'license' | 'location' | 'value' | 'txt' | 'social_interact' | 'chat'> | Pick<EpisodeFields, 'persons' | 'license' | 'location' | 'value' | 'txt' | 'social_interact' | 'chat'>

/** Resolves an image given as an https URL or a path under media/ to its absolute URL, reporting problems. */
export type ImageResolver = (field: string, value: string) => Promise<string | undefined>

export interface SharedPodcastFields {
  readonly persons?: readonly PodcastPerson[]
  readonly license?: License
  readonly locations: readonly Location[]
  readonly value: readonly ValueBlock[]
  readonly txt: readonly Txt[]
  readonly socialInteract: readonly SocialInteract[]
  readonly chat?: Chat
}

/** Reads the namespace fields a channel and an item share; returns undefined when any of them is wrong. */
export async function readSharedPodcastFields (fields: Shared, report: FileReporter, resolveImage: ImageResolver): Promise<SharedPodcastFields | undefined> {
  let ok = true
  const fail = (field: string, message: string): void => {
    report.error(field, message)
    ok = false
  }
  const persons = fields.persons === undefined ? undefined : await readPersons(fields.persons, fail, resolveImage)
  const value = listOf(fields.value).map((block, index) => readValueBlock(block, `value${fields.value instanceof Array ? `.${index}` : ''}`, fail))
  const result: SharedPodcastFields = {
    persons: persons?.some((person) => person === undefined) === true ? undefined : persons as PodcastPerson[] | undefined,
    license: readLicense(fields.license),
    locations: listOf(fields.location).map(readLocation),
    value,
    txt: listOf(fields.txt).map((entry) => typeof entry === 'string' ? { text: clean(entry) } : { text: clean(entry.text), purpose: entry.purpose }),
    socialInteract: listOf(fields.social_interact).map((entry) => entry === 'disabled'
      ? { protocol: 'disabled' }
      : { protocol: entry.protocol, uri: entry.uri, accountId: entry.account_id, accountUrl: entry.account_url, priority: entry.priority }),
    chat: fields.chat === undefined ? undefined : { server: fields.chat.server, protocol: fields.chat.protocol, accountId: fields.chat.account_id, space: fields.chat.space }
  }
  if (listOf(fields.social_interact).includes('disabled') && listOf(fields.social_interact).length > 1) {
    fail('social_interact', 'disabled asks platforms to show no comments, so it cannot be listed with root posts')
  }
  return ok ? result : undefined
}

/** Authors as the namespace's default people: hosts of the cast, linked to their page. */
export function authorsAsHosts (authors: ReadonlyArray<{ name: string, url?: string }>): PodcastPerson[] {
  return authors.map((author) => ({ name: author.name, role: 'host', group: 'cast', href: author.url }))
}

/** `funding` as one object or a list. */
export function readFunding (funding: SiteFields['funding']): Funding[] {
  return listOf(funding).map((entry) => ({ url: entry.url, text: clean(entry.text) }))
}

/** Checks an `update_frequency` block: a recurrence rule that parses, and `dtstart` where `COUNT` needs it. */
export function checkUpdateFrequency (frequency: NonNullable<SiteFields['update_frequency']>, report: FileReporter): boolean {
  if (frequency.rrule === undefined) return true
  try {
    // The namespace writes UNTIL in ISO 8601 like dtstart (2023-12-31T00:00:00.000Z); RFC 5545, and
    // so the parser, want the basic form (20231231T000000Z): compare in that form.
    const basic = frequency.rrule.replace(/UNTIL=(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(Z?))?/i,
      (_, y: string, m: string, d: string, h?: string, min?: string, sec?: string, z?: string) => `UNTIL=${y}${m}${d}${h === undefined ? '' : `T${h}${min!}${sec!}${z ?? ''}`}`)
    const options = rrule.RRule.parseString(basic)
    if (options.freq === undefined) throw new Error('FREQ is missing or not one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY')
    if (Array.isArray(options.byweekday) && options.byweekday.some((day) => day === null)) throw new Error('BYDAY names a day that does not exist (use MO, TU, WE, TH, FR, SA, SU)')
  } catch (error) {
    report.error('update_frequency.rrule', `"${frequency.rrule}" is not an iCalendar recurrence rule (RFC 5545 3.3.10): ${(error as Error).message}; for example FREQ=WEEKLY;BYDAY=FR`)
    return false
  }
  if (/(^|;)COUNT=/i.test(frequency.rrule) && frequency.dtstart === undefined) {
    report.error('update_frequency.dtstart', 'is required when the rrule has a COUNT: the count starts from it')
    return false
  }
  return true
}

async function readPersons (list: NonNullable<Shared['persons']>, fail: (field: string, message: string) => void, resolveImage: ImageResolver): Promise<Array<PodcastPerson | undefined>> {
  const people: Array<PodcastPerson | undefined> = []
  for (const [index, person] of list.entries()) {
    const field = `persons.${index}`
    const role = person.role?.toLowerCase() ?? 'host'
    let group = person.group?.toLowerCase()
    if (group !== undefined && PERSON_ROLES[group] === undefined) {
      fail(`${field}.group`, `"${person.group!}" is not a group of the Podcast Taxonomy; the groups are: ${Object.keys(PERSON_ROLES).join(', ')}`)
      people.push(undefined)
      continue
    }
    // Without a group the namespace assumes "cast"; a role from another group would then be wrong, so take the role's own group.
    group ??= PERSON_ROLES.cast!.includes(role) ? 'cast' : Object.keys(PERSON_ROLES).find((name) => PERSON_ROLES[name]!.includes(role))
    if (group === undefined || !PERSON_ROLES[group]!.includes(role)) {
      fail(`${field}.role`, `"${person.role!}" is not a role${person.group === undefined ? '' : ` of the group ${group ?? ''}`} in the Podcast Taxonomy; the roles are: ${(group === undefined ? Object.values(PERSON_ROLES).flat() : PERSON_ROLES[group]!).join(', ')}`)
      people.push(undefined)
      continue
    }
    const img = person.img === undefined ? undefined : await resolveImage(`${field}.img`, person.img)
    if (person.img !== undefined && img === undefined) {
      people.push(undefined)
      continue
    }
    people.push({ name: clean(person.name), role, group, img, href: person.href })
  }
  return people
}

function readLicense (license: Shared['license']): License | undefined {
  if (license === undefined) return undefined
  return typeof license === 'string' ? { name: clean(license) } : { name: clean(license.name), url: license.url }
}

function readLocation (location: string | { name: string, rel?: 'subject' | 'creator', geo?: string, osm?: string, country?: string }): Location {
  return typeof location === 'string' ? { name: clean(location) } : { ...location, name: clean(location.name) }
}

type ValueFields = Exclude<NonNullable<Shared['value']>, unknown[]>

function readValueBlock (block: ValueFields, field: string, fail: (field: string, message: string) => void): ValueBlock {
  const recipients = block.recipients.map(readRecipient)
  if (recipients.every((recipient) => recipient.split === 0)) fail(`${field}.recipients`, 'every split is 0, so nobody would be paid')
  return {
    type: block.type,
    method: block.method,
    suggested: block.suggested,
    recipients,
    timeSplits: (block.time_splits ?? []).map((split, index) => {
      if ((split.recipients === undefined) === (split.remote_item === undefined)) {
        fail(`${field}.time_splits.${index}`, 'needs either recipients or one remote_item (not both)')
      }
      return {
        startTime: split.start_time,
        duration: split.duration,
        remoteStartTime: split.remote_start_time,
        remotePercentage: split.remote_percentage,
        recipients: (split.recipients ?? []).map(readRecipient),
        remoteItem: split.remote_item === undefined ? undefined : readRemoteItem(split.remote_item)
      }
    })
  }
}

function readRecipient (recipient: ValueFields['recipients'][number]): ValueRecipient {
  return {
    name: recipient.name === undefined ? undefined : clean(recipient.name),
    type: recipient.type,
    address: recipient.address,
    split: recipient.split,
    fee: recipient.fee ?? false,
    customKey: recipient.custom_key,
    customValue: recipient.custom_value
  }
}

/** A `{ feed_guid, feed_url?, item_guid?, medium?, title? }` as the model's remote item. */
export function readRemoteItem (item: NonNullable<SiteFields['publisher']>): RemoteItem {
  return {
    feedGuid: item.feed_guid.toLowerCase(),
    feedUrl: item.feed_url,
    itemGuid: item.item_guid,
    medium: item.medium,
    title: item.title === undefined ? undefined : clean(item.title)
  }
}

/** A field that may be one value or a list, as a list. */
export function listOf<T> (value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return []
  return Array.isArray(value) ? value as readonly T[] : [value as T]
}

/**
 * An image resolver for one file: an https URL is taken as it is; a path must be a JPEG or PNG
 * under media/, checked like the artwork, and becomes its media URL.
 */
export function imageResolver (mediaDir: string, siteUrl: string, cache: LoadCache, report: FileReporter): ImageResolver {
  return async (field, value) => (await readImage(mediaDir, siteUrl, cache, field, value, report))?.url
}

/** Reads an image given as an https URL or a path under media/ (JPEG or PNG, size read from the file). */
export async function readImage (mediaDir: string, siteUrl: string, cache: LoadCache, field: string, value: string, report: FileReporter): Promise<Image | undefined> {
  if (/^https:\/\/[^\s/?#]+\S*$/.test(value)) return { url: value }
  if (/^[a-z][a-z0-9+.-]*:/i.test(value)) {
    report.error(field, `"${value}" must be an https:// URL or the path of an image under media/`)
    return undefined
  }
  const found = await findMediaFile(mediaDir, value)
  if ('reason' in found) {
    report.error(field, found.reason)
    return undefined
  }
  const image = await cache.remember('image', await fileVersion(found.absolutePath, cache), async () => await readImageFacts(found.absolutePath))
  if ('reason' in image) {
    report.error(field, `"${value}" ${image.reason}`)
    return undefined
  }
  return { url: mediaUrl(siteUrl, found.path), path: found.path, length: found.length, type: image.type, width: image.width, height: image.height }
}

/**
 * The fields without those the schema found wrong, so the checks that need a field's shape can still
 * run on every other field: a publisher sees every problem in one run.
 */
export function withoutWrongFields<T extends object> (fields: T, problems: ReadonlyArray<{ field?: string }>): T {
  const wrong = new Set(problems.map((problem) => problem.field?.split('.')[0]))
  return Object.fromEntries(Object.entries(fields).filter(([key]) => !wrong.has(key))) as T
}
