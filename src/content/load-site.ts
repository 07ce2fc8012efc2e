import path from 'node:path'
import type { Problem } from '../errors.ts'
import { derivePodcastGuid } from '../model/podcast-guid.ts'
import type { Artwork, FeedUrls, Site } from '../model/publication.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { feedUrl, mediaUrl } from '../model/urls.ts'
import { APPLE_CATEGORIES } from './apple-categories.ts'
import { displayPath } from './content-files.ts'
import { fileVersion, MISSING, statKey, type LoadCache } from './load-cache.ts'
import { LIMITS } from './limits.ts'
import { findMediaFile, readImageFacts } from './media.ts'
import { didYouMean } from './nearest.ts'
import { reporterFor, type FileReporter } from './problem-list.ts'
import { checkContentFile, readContentText } from './read-content-file.ts'
import { checkFields } from './schema-problems.ts'
import { siteSchema, type SiteFields } from './schemas.ts'
import { parseYamlMapping } from './yaml-document.ts'

export interface LoadedSite {
  readonly site: Site
  readonly feedUrls: FeedUrls
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
  if (fieldProblems.length > 0 || (fields.artwork !== undefined && artwork === undefined) || (hasEpisodes && PODCAST_FIELDS.some(([field]) => fields[field] === undefined))) return undefined

  const url = withTrailingSlash(baseUrlOverride ?? fields.url)
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
    funding: fields.funding === undefined ? undefined : { url: fields.funding.url, text: clean(fields.funding.text) },
    youtube: fields.youtube,
    spotify: fields.spotify,
    feedSize: fields.feed_size ?? 20,
    podcastLimit: fields.podcast_limit,
    hubs: fields.hubs ?? [],
    pings: fields.pings ?? []
  }
  return { site, feedUrls }
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
  const read = 'reason' in checked ? checked : await readContentText(absolute, LIMITS.yamlBytes)
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
  const image = await cache.remember('image', await fileVersion(found.absolutePath, cache), async () => await readImageFacts(found.absolutePath))
  if ('reason' in image) {
    report.error('artwork', `"${relativePath}" ${image.reason}`)
    return undefined
  }
  if (image.width !== image.height || image.width < 1400 || image.width > 3000) {
    report.error('artwork', `"${relativePath}" is ${image.width}x${image.height} px; Apple Podcasts needs square artwork of 1400x1400 to 3000x3000 px`)
    return undefined
  }
  return { path: found.path, length: found.length, type: image.type, width: image.width, height: image.height }
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
