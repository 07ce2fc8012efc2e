import type { Issue, Publication } from '../model/publication.ts'
import { oncePer } from '../model/once-per.ts'
import { tagsOf } from '../model/tags.ts'
import { escapeHtml, removeXmlForbiddenCharacters } from '../model/text.ts'
import { sitemapUrl } from '../model/urls.ts'
import { rfc3339 } from './dates.ts'
import { archivePageUrl, issueListPages } from './html.ts'
import { renderXml } from './xml.ts'

/** sitemaps.org: at most 50,000 URLs (and 50 MB) in one sitemap; more need a sitemap index. */
export const SITEMAP_URL_LIMIT = 50_000

const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9'

/** A page in the sitemap: its address and when its content last changed. */
export interface SitemapEntry {
  readonly url: string
  readonly lastmod: Date
}

/** One sitemap file: where it is published and how it is rendered. */
export interface SitemapFile {
  readonly url: string
  /** The pages it lists (for an index, every page of its parts): what its bytes are made from. */
  readonly entries: readonly SitemapEntry[]
  readonly render: (publication: Publication) => string
}

/**
 * The sitemap files of a publication: `sitemap.xml` listing every page, or, above `limit` pages,
 * `sitemap.xml` as an index of parts of `limit` pages each (a publication of 100,000 issues has
 * three). Parts hold pages in publishing order, so only the newest part changes as issues arrive.
 */
export function sitemapFiles (publication: Publication, limit = SITEMAP_URL_LIMIT): SitemapFile[] {
  const { site } = publication
  const entries = listSitemapEntries(publication)
  const count = entries.length
  if (count <= limit) return [{ url: sitemapUrl(site.url), entries, render: (p) => renderUrlSet(listSitemapEntries(p)) }]
  const partCount = Math.ceil(count / limit)
  const part = (p: Publication, index: number): SitemapEntry[] => listSitemapEntries(p).slice(index * limit, (index + 1) * limit)
  return [
    {
      url: sitemapUrl(site.url),
      entries,
      render: (p) => renderXml({
        sitemapindex: {
          $: { xmlns: SITEMAP_NS },
          sitemap: Array.from({ length: partCount }, (_, index) => ({ loc: sitemapUrl(p.site.url, index + 1), lastmod: rfc3339(newest(part(p, index))) }))
        }
      })
    },
    ...Array.from({ length: partCount }, (_, index) => ({ url: sitemapUrl(site.url, index + 1), entries: part(publication, index), render: (p: Publication) => renderUrlSet(part(p, index)) }))
  ]
}

/**
 * Every HTML page a reader may land on, oldest pages first (issues by date, then the lists), each
 * with the date its content last changed: an issue's update or date (or its episode's, if later),
 * a list's newest issue. The 404 page and the feed explainers are not pages to be found.
 */
export const listSitemapEntries = oncePer((publication: Publication): readonly SitemapEntry[] => {
  const { site } = publication
  const { archives } = issueListPages(publication)
  return [
    ...[...publication.issues].reverse().map((issue) => ({ url: issue.url, lastmod: changedAt(issue) })),
    ...[...publication.episodes].reverse().map((episode) => ({ url: episode.url, lastmod: episode.date })),
    ...archives.map((issues, index) => ({ url: archivePageUrl(publication, index + 1), lastmod: newestIssue(issues, publication.updated) })),
    ...tagsOf(publication).map((tag) => ({ url: tag.url, lastmod: newestIssue(tag.issues, publication.updated) })),
    { url: site.url, lastmod: publication.updated }
  ]
})

// Written line by line rather than through the XML builder: a part holds 50,000 URLs, which
// xml2js takes seconds to build and this a few milliseconds. Every value still goes through the
// model's escaping, and a test parses the result back.
function renderUrlSet (entries: readonly SitemapEntry[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<urlset xmlns="${SITEMAP_NS}">`,
    ...entries.map((entry) => `  <url><loc>${escapeHtml(removeXmlForbiddenCharacters(entry.url))}</loc><lastmod>${rfc3339(entry.lastmod)}</lastmod></url>`),
    '</urlset>',
    ''
  ].join('\n')
}

// Dates are compared by their numbers: compared as objects, each is converted to a primitive first,
// about ten times slower over the tens of thousands of comparisons a sitemap of a large archive makes.
function changedAt (issue: Issue): Date {
  const changed = issue.updated ?? issue.date
  return issue.episode !== undefined && issue.episode.date.getTime() > changed.getTime() ? issue.episode.date : changed
}

// A loop rather than Math.max(...dates): a tag of 100,000 issues is too many arguments for one call.
function newestIssue (issues: readonly Issue[], fallback: Date): Date {
  return issues.length === 0 ? fallback : latest(issues.map(changedAt))
}

function newest (entries: readonly SitemapEntry[]): Date {
  return latest(entries.map((entry) => entry.lastmod))
}

function latest (dates: readonly Date[]): Date {
  return dates.reduce((a, b) => (b.getTime() > a.getTime() ? b : a))
}
