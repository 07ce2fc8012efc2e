import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.ts'
import { derivePodcastGuid } from '../model/podcast-guid.ts'
import type { Artwork, FeedUrls, Site } from '../model/publication.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { feedUrl, mediaUrl } from '../model/urls.ts'
import { APPLE_CATEGORIES } from './apple-categories.ts'
import { displayPath } from './content-files.ts'
import { makeIcons } from './icons.ts'
import { fileVersion, type LoadCache } from './load-cache.ts'
import { findMediaFile, readImageFacts } from './media.ts'
import { reporterFor, type FileReporter } from './problem-list.ts'
import { checkFields } from './schema-problems.ts'
import { siteSchema, type SiteFields } from './schemas.ts'
import { parseYamlMapping } from './yaml-document.ts'

export interface LoadedSite {
  readonly site: Site
  readonly feedUrls: FeedUrls
}

/** Reads and validates `site.yaml`. Returns undefined (with problems added) when it is unusable. */
export async function loadSite (contentDir: string, mediaDir: string, baseUrlOverride: string | undefined, sink: Problem[], cache: LoadCache): Promise<LoadedSite | undefined> {
  const file = displayPath(path.join(contentDir, 'site.yaml'))
  let text: string
  try {
    text = await readFile(path.join(contentDir, 'site.yaml'), 'utf8')
  } catch {
    sink.push({ file, message: 'not found: every publication needs a site.yaml with its title, url and podcast details', severity: 'error' })
    return undefined
  }
  const yaml = parseYamlMapping(text, file)
  if (Array.isArray(yaml)) {
    sink.push(...yaml)
    return undefined
  }
  const fieldProblems = checkFields(siteSchema, yaml, file)
  sink.push(...fieldProblems)
  const report = reporterFor(sink, file, yaml.lineOf)
  const fields = yaml.data as SiteFields
  if (fieldProblems.length === 0) checkCategory(fields, report)
  const artwork = typeof fields.artwork === 'string' ? await loadArtwork(mediaDir, fields.artwork, report, cache) : undefined
  if (fieldProblems.length > 0 || artwork === undefined) return undefined

  const url = withTrailingSlash(baseUrlOverride ?? fields.url)
  const feedUrls: FeedUrls = {
    rss: feedUrl(url, 'rss'),
    atom: feedUrl(url, 'atom'),
    jsonFeed: feedUrl(url, 'json'),
    podcast: feedUrl(url, 'podcast')
  }
  if (fields.podcast_guid === undefined) {
    report.warning('podcast_guid', `not set, so it is derived from ${feedUrls.podcast} and every episode GUID with it; pin it (podcast_guid: ${derivePodcastGuid(feedUrls.podcast)}) so they survive a move to another address`)
  }
  const site: Site = {
    title: clean(fields.title),
    description: clean(fields.description),
    url,
    language: fields.language,
    copyright: fields.copyright === undefined ? undefined : clean(fields.copyright),
    authors: fields.authors.map((author) => ({ name: clean(author.name), email: author.email, url: author.url })),
    owner: { name: clean(fields.owner.name), email: fields.owner.email },
    artwork: { ...artwork, url: mediaUrl(url, artwork.path!) },
    category: { name: fields.category, subcategory: fields.subcategory },
    explicit: fields.explicit,
    podcastType: fields.podcast_type ?? 'episodic',
    podcastGuid: (fields.podcast_guid ?? derivePodcastGuid(feedUrls.podcast)).toLowerCase(),
    locked: fields.locked ?? false,
    funding: fields.funding === undefined ? undefined : { url: fields.funding.url, text: clean(fields.funding.text) },
    youtube: fields.youtube,
    spotify: fields.spotify,
    applePodcastsId: fields.apple_podcasts === undefined ? undefined : /\/id([0-9]+)/.exec(fields.apple_podcasts)?.[1],
    feedSize: fields.feed_size ?? 20,
    podcastLimit: fields.podcast_limit,
    hubs: fields.hubs ?? [],
    pings: fields.pings ?? []
  }
  return { site, feedUrls }
}

function checkCategory (fields: SiteFields, report: FileReporter): void {
  const subcategories = APPLE_CATEGORIES[fields.category]
  if (subcategories === undefined) {
    const near = Object.keys(APPLE_CATEGORIES).find((name) => name.toLowerCase().startsWith(fields.category.toLowerCase().slice(0, 4)))
    report.error('category', `"${fields.category}" is not an Apple Podcasts category${near === undefined ? '' : ` (did you mean "${near}"?)`}; the categories are: ${Object.keys(APPLE_CATEGORIES).join(', ')}`)
    return
  }
  if (fields.subcategory !== undefined && !subcategories.includes(fields.subcategory)) {
    report.error('subcategory', subcategories.length === 0
      ? `"${fields.subcategory}" cannot be used: ${fields.category} has no subcategories`
      : `"${fields.subcategory}" is not a subcategory of ${fields.category}; choose one of: ${subcategories.join(', ')}`)
  }
}

// Apple Podcasts requires square artwork of 1400 to 3000 pixels, JPEG or PNG.
async function loadArtwork (mediaDir: string, relativePath: string, report: FileReporter, cache: LoadCache): Promise<Omit<Artwork, 'url'> | undefined> {
  const found = await findMediaFile(mediaDir, relativePath)
  if ('reason' in found) {
    report.error('artwork', found.reason)
    return undefined
  }
  const version = await fileVersion(found.absolutePath)
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

function withTrailingSlash (url: string): string {
  const parsed = new URL(url)
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/'
  parsed.search = ''
  parsed.hash = ''
  return parsed.href
}
