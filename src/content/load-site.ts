import path from 'node:path'
import type { Problem } from '../errors.ts'
import { derivePodcastGuid } from '../model/podcast-guid.ts'
import type { Artwork, BlockRule, FeedUrls, Site } from '../model/publication.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { feedUrl, mediaUrl } from '../model/urls.ts'
import { APPLE_CATEGORIES } from './apple-categories.ts'
import { displayPath } from './content-files.ts'
import { makeIcons } from './icons.ts'
import { fileVersion, MISSING, statKey, type LoadCache } from './load-cache.ts'
import { LIMITS } from './limits.ts'
import { authorsAsHosts, checkUpdateFrequency, imageResolver, readFunding, readRemoteItem, readSharedPodcastFields, withoutWrongFields } from './load-podcasting.ts'
import { findMediaFile, readImageFacts } from './media.ts'
import { didYouMean } from './nearest.ts'
import { MEDIUMS, SERVICE_SLUGS } from './podcast-taxonomy.ts'
import { reporterFor, type FileReporter } from './problem-list.ts'
import { checkContentFile, readContentText } from './read-content-file.ts'
import { checkFields } from './schema-problems.ts'
import { siteSchema, type SiteFields } from './schemas.ts'
import { parseYamlMapping } from './yaml-document.ts'

export interface LoadedSite {
  readonly site: Site
  readonly feedUrls: FeedUrls
  /** `podcast_guid` is written in site.yaml, so it is the show's for good (not derived from where it is served). */
  readonly podcastGuidPinned: boolean
}

/**
 * Reads and validates `site.yaml`. Returns undefined (with problems added) when it is unusable.
 * `hasEpisodes`: there are episode files, so the publication is a podcast and the podcast fields
 * (owner, artwork, category, explicit) are required; a newsletter alone needs none of them.
 */
export async function loadSite (contentDir: string, mediaDir: string, baseUrlOverride: string | undefined, hasEpisodes: boolean, sink: Problem[], cache: LoadCache): Promise<LoadedSite | undefined> {
  const file = displayPath(path.join(contentDir, 'site.yaml'))
  const text = await readSiteFile(contentDir, file, sink, cache)
  if (text === undefined) return undefined
  const yaml = parseYamlMapping(text, file)
  if (Array.isArray(yaml)) {
    sink.push(...yaml)
    return undefined
  }
  sink.push(...yaml.warnings)
  const fieldProblems = checkFields(siteSchema, yaml, file)
  sink.push(...fieldProblems)
  const report = reporterFor(sink, file, yaml.lineOf)
  const fields = yaml.data as SiteFields
  if (fieldProblems.length === 0) checkCategory(fields, report)
  if (hasEpisodes) requirePodcastFields(fields, report)
  const artwork = typeof fields.artwork === 'string' ? await loadArtwork(mediaDir, fields.artwork, report, cache) : undefined
  const url = withTrailingSlash(baseUrlOverride ?? (typeof fields.url === 'string' && URL.canParse(fields.url) ? fields.url : 'https://example.invalid/'))
  const checkable = withoutWrongFields(fields, fieldProblems)
  const shared = await readSharedPodcastFields(checkable, report, imageResolver(mediaDir, url, cache, report))
  const namespaceOk = checkChannelFields(checkable, feedUrl(url, 'podcast'), report)
  if (fieldProblems.length > 0 || (fields.artwork !== undefined && artwork === undefined) || (hasEpisodes && PODCAST_FIELDS.some(([field]) => fields[field] === undefined)) || shared === undefined || !namespaceOk) return undefined

  const feedUrls: FeedUrls = {
    rss: feedUrl(url, 'rss'),
    atom: feedUrl(url, 'atom'),
    jsonFeed: feedUrl(url, 'json'),
    podcast: feedUrl(url, 'podcast')
  }
  const podcastGuid = (fields.podcast_guid ?? derivePodcastGuid(identityFeedUrl(fields.url))).toLowerCase()
  if (fields.podcast_guid === undefined) {
    report.warning('podcast_guid', `not set, so it is derived from ${identityFeedUrl(fields.url)} and every episode GUID and issue id with it; pin it (podcast_guid: ${podcastGuid}) so they survive a move to another address`)
  }
  const site: Site = {
    title: clean(fields.title),
    description: clean(fields.description),
    url,
    language: fields.language,
    copyright: fields.copyright === undefined ? undefined : clean(fields.copyright),
    authors: fields.authors.map((author) => ({ name: clean(author.name), email: author.email, url: author.url })),
    owner: fields.owner === undefined ? undefined : { name: clean(fields.owner.name), email: fields.owner.email },
    artwork: artwork === undefined ? undefined : { ...artwork, url: mediaUrl(url, artwork.path!) },
    category: fields.category === undefined ? undefined : { name: fields.category, subcategory: fields.subcategory },
    explicit: fields.explicit ?? false,
    podcastType: fields.podcast_type ?? 'episodic',
    podcastGuid,
    locked: fields.locked ?? false,
    funding: readFunding(fields.funding),
    youtube: fields.youtube,
    spotify: fields.spotify,
    ...shared,
    // The namespace suggests the channel always names its regular people: the authors host by default.
    persons: shared.persons ?? authorsAsHosts(fields.authors.map((author) => ({ name: clean(author.name), url: author.url }))),
    medium: fields.medium,
    updateFrequency: fields.update_frequency === undefined
      ? undefined
      : { text: clean(fields.update_frequency.text), rrule: fields.update_frequency.rrule, dtstart: fields.update_frequency.dtstart, complete: fields.update_frequency.complete ?? false },
    podroll: (fields.podroll ?? []).map(readRemoteItem),
    publisher: fields.publisher === undefined ? undefined : { ...readRemoteItem(fields.publisher), medium: 'publisher' },
    block: readBlock(fields.block),
    newFeedUrl: fields.new_feed_url,
    // Paths as the server sees them: relative to the site's URL when the old feed was under it.
    previousFeedPaths: (fields.previous_feed_urls ?? []).map((previous) => previous.startsWith(url) ? `/${previous.slice(url.length)}` : new URL(previous).pathname),
    applePodcastsId: fields.apple_podcasts === undefined ? undefined : /\/id([0-9]+)/.exec(fields.apple_podcasts)?.[1],
    feedSize: fields.feed_size ?? 20,
    podcastLimit: fields.podcast_limit,
    hubs: fields.hubs ?? [],
    pings: fields.pings ?? []
  }
  return { site, feedUrls, podcastGuidPinned: fields.podcast_guid !== undefined }
}

// What the schema cannot say: values from the namespace's lists, and fields that depend on each other.
function checkChannelFields (fields: SiteFields, podcastFeedUrl: string, report: FileReporter): boolean {
  let ok = true
  const fail = (field: string, message: string): void => {
    report.error(field, message)
    ok = false
  }
  if (fields.medium !== undefined && !MEDIUMS.includes(fields.medium)) {
    fail('medium', `"${fields.medium}" is not a podcast:medium for a feed of episodes; use one of: ${MEDIUMS.join(', ')}`)
  }
  if (fields.update_frequency !== undefined && !checkUpdateFrequency(fields.update_frequency, report)) ok = false
  if (fields.update_frequency?.dtstart !== undefined && Number.isNaN(Date.parse(fields.update_frequency.dtstart))) {
    fail('update_frequency.dtstart', `"${fields.update_frequency.dtstart}" is not an ISO 8601 date`)
  }
  if (typeof fields.block === 'object') {
    if ((fields.block.only === undefined) === (fields.block.except === undefined)) fail('block', 'give either only (the platforms to block) or except (the platforms still allowed)')
    for (const slug of [...fields.block.only ?? [], ...fields.block.except ?? []]) {
      if (!SERVICE_SLUGS.includes(slug)) fail('block', `"${slug}" is not a service slug of the namespace; the slugs are: ${SERVICE_SLUGS.join(', ')}`)
    }
  }
  for (const previous of fields.previous_feed_urls ?? []) {
    if (new URL(previous).pathname === new URL(podcastFeedUrl).pathname) fail('previous_feed_urls', `"${previous}" is where the podcast feed is now; list only the addresses it had before`)
  }
  if (fields.new_feed_url === podcastFeedUrl) fail('new_feed_url', `"${fields.new_feed_url}" is this feed's own address; new_feed_url names where it moves to`)
  return ok
}

// block: true blocks every platform; { only } blocks those; { except } blocks all but those.
function readBlock (block: SiteFields['block']): BlockRule[] {
  if (block === undefined || block === false) return []
  if (block === true) return [{ blocked: true }]
  if (block.only !== undefined) return block.only.map((platform) => ({ platform, blocked: true }))
  return [{ blocked: true }, ...(block.except ?? []).map((platform) => ({ platform, blocked: false }))]
}

// What each podcast field is for, said when it is missing: Apple Podcasts requires all four.
const PODCAST_FIELDS = [
  ['owner', 'owner: with name: and email: (whom Apple Podcasts contacts about the show)'],
  ['artwork', 'artwork: a square JPEG or PNG of 1400 to 3000 px under media/'],
  ['category', 'category: an Apple Podcasts category, such as Technology'],
  ['explicit', 'explicit: true or false (Apple Podcasts asks whether the show has explicit content)']
] as const satisfies ReadonlyArray<readonly [keyof SiteFields, string]>

function requirePodcastFields (fields: SiteFields, report: FileReporter): void {
  for (const [field, what] of PODCAST_FIELDS) {
    if (fields[field] === undefined) report.error(field, `is required once there are episodes (the podcast feed needs it): add ${what}`)
  }
}

async function readSiteFile (contentDir: string, file: string, sink: Problem[], cache: LoadCache): Promise<string | undefined> {
  const absolute = path.join(contentDir, 'site.yaml')
  const checked = await checkContentFile(contentDir, absolute, LIMITS.yamlBytes)
  // What was read is compared with the disk after a live publish, so no edit of it is missed.
  cache.noteInput(absolute, checked !== 'missing' && 'stats' in checked ? statKey(absolute, checked.stats) : MISSING)
  if (checked === 'missing') {
    sink.push({ file, message: 'not found: every publication needs a site.yaml with its title, url and podcast details', severity: 'error' })
    return undefined
  }
  const read = 'reason' in checked ? checked : readContentText(absolute, LIMITS.yamlBytes)
  if ('text' in read) return read.text
  sink.push({ file, line: read.line, message: read.reason, severity: 'error' })
  return undefined
}

function checkCategory (fields: SiteFields, report: FileReporter): void {
  const { category } = fields
  if (category === undefined) return
  const subcategories = APPLE_CATEGORIES[category]
  if (subcategories === undefined) {
    const names = Object.keys(APPLE_CATEGORIES)
    const near = didYouMean(category, names) ?? names.find((name) => name.toLowerCase().startsWith(category.toLowerCase().slice(0, 4)))
    report.error('category', `"${category}" is not an Apple Podcasts category${near === undefined ? '' : ` (did you mean "${near}"?)`}; the categories are: ${Object.keys(APPLE_CATEGORIES).join(', ')}`)
    return
  }
  if (fields.subcategory !== undefined && !subcategories.includes(fields.subcategory)) {
    report.error('subcategory', subcategories.length === 0
      ? `"${fields.subcategory}" cannot be used: ${category} has no subcategories`
      : `"${fields.subcategory}" is not a subcategory of ${category}; choose one of: ${subcategories.join(', ')}`)
  }
}

// Apple Podcasts requires square artwork of 1400 to 3000 pixels, JPEG or PNG.
async function loadArtwork (mediaDir: string, relativePath: string, report: FileReporter, cache: LoadCache): Promise<Omit<Artwork, 'url'> | undefined> {
  const found = await findMediaFile(mediaDir, relativePath)
  if ('reason' in found) {
    report.error('artwork', found.reason)
    return undefined
  }
  const version = await fileVersion(found.absolutePath, cache)
  const image = await cache.remember('image', version, async () => await readImageFacts(found.absolutePath))
  if ('reason' in image) {
    report.error('artwork', `"${relativePath}" ${image.reason}`)
    return undefined
  }
  if (image.width !== image.height || image.width < 1400 || image.width > 3000) {
    report.error('artwork', `"${relativePath}" is ${image.width}x${image.height} px; Apple Podcasts needs square artwork of 1400x1400 to 3000x3000 px`)
    return undefined
  }
  const icons = await cache.remember('icons', version, async () => await makeIcons(found.absolutePath))
  if ('reason' in icons) {
    report.error('artwork', `"${relativePath}" ${icons.reason}`)
    return undefined
  }
  return { path: found.path, length: found.length, type: image.type, width: image.width, height: image.height, icons }
}

/**
 * The podcast feed URL a show's identity is derived from: always from `url` in site.yaml, never
 * from a --base-url given for one run (a trial on localhost must not suggest another GUID).
 */
function identityFeedUrl (siteYamlUrl: string): string {
  return feedUrl(withTrailingSlash(siteYamlUrl), 'podcast')
}

function withTrailingSlash (url: string): string {
  const parsed = new URL(url)
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/'
  parsed.search = ''
  parsed.hash = ''
  return parsed.href
}
