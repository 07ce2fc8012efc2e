import { createHash } from 'node:crypto'
import { ContentError, type Problem } from '../errors.ts'
import type { Issue, Site } from '../model/publication.ts'
import { fileNameSlug } from '../model/slug.ts'
import { versionOf } from '../model/version.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { issueId, issueUrl } from '../model/urls.ts'
import { shownAs, type ContentFile } from './content-files.ts'
import { parseIsoDate } from './iso-date.ts'
import type { LoadCache } from './load-cache.ts'
import { htmlFactsOf } from './html-facts.ts'
import { linksToIssuePages } from './issue-links.ts'
import { markdownKey, renderBody } from './markdown.ts'
import { rejectDuplicates, reporterFor, type FileReporter } from './problem-list.ts'
import { checkFields } from './schema-problems.ts'
import { issueSchema, type IssueFields } from './schemas.ts'

/** An issue as read from its file, before episodes are attached; drafts included. */
export interface LoadedIssue extends Omit<Issue, 'episode' | 'html'> {
  /** Its HTML, from the load cache or rendered again: read only for what is rendered from it. */
  readonly readHtml: () => string
  readonly file: string
  readonly draft: boolean
  /** The links of its HTML to issue pages, checked against the other issues at every load (see issue-links.ts). */
  readonly issueLinks: readonly string[]
  /** A hash of all of the above, worked out once per version of the file (see model/version.ts). */
  readonly version: string
}

// A reading kept in the cache gives the same issue object at every load, so what is worked out
// from that object (see model/version.ts, and the freezing of the publication) is done once.
const loadedByReading = new WeakMap<IssueReading, LoadedIssue>()

/** Validates every issue file; returns those without errors and adds the problems of the others. */
export function loadIssues (files: readonly ContentFile[], site: Site, sink: Problem[], cache: LoadCache): LoadedIssue[] {
  const issues: LoadedIssue[] = []
  const fileBySlug = new Map<string, string>()
  const siteKey = siteVersion(site)
  for (const content of files) {
    // Everything one file says on its own, read once per version of the file (and of the site):
    // a reload of a large archive redoes none of it for the files that did not change.
    const reading = readingOf(content, site, siteKey, cache)
    sink.push(...reading.problems)
    const { slug } = reading
    if (slug !== undefined && fileBySlug.has(slug)) {
      sink.push({ file: content.file, field: reading.slugField, line: reading.slugField === undefined ? undefined : content.lineOf('slug'), message: `"${slug}" is the slug of both ${fileBySlug.get(slug)} and ${content.file}; every issue needs its own: rename one file or set slug: in its front matter`, severity: 'error' })
    } else if (slug !== undefined) fileBySlug.set(slug, content.file)
    if (reading.issue !== undefined) {
      let issue = loadedByReading.get(reading)
      if (issue === undefined) loadedByReading.set(reading, issue = { ...reading.issue, readHtml: htmlReader(content, site.url, cache) })
      issues.push(issue)
    }
  }
  return rejectDuplicateIds(issues.filter((issue) => fileBySlug.get(issue.slug) === issue.file), sink)
}

// The reading of a content file a load took as the last one read it (see readContentFiles): the
// same object, read against the same site, needs no look-up.
const readingByFile = new WeakMap<ContentFile, { readonly siteKey: string, readonly reading: IssueReading }>()

function readingOf (content: ContentFile, site: Site, siteKey: string, cache: LoadCache): IssueReading {
  const known = readingByFile.get(content)
  if (known?.siteKey === siteKey) return known.reading
  // By the absolute path, as the parsed file (see contentKey): what a load in another working
  // folder read is taken, naming the file as this load shows it.
  const key = `${content.absolute}\0${content.digest}\0${siteKey}`
  let reading = cache.rememberSync('issue', key, () => readIssue(content, site, cache))
  // The HTML is kept once, under its Markdown's key, and not again in the reading; and it is read
  // only when something is rendered from it (see withLazyHtml). Should it be gone, the file is read again.
  if (reading.issue !== undefined && !cache.has('markdown', reading.markdownKey!)) {
    reading = readIssue(content, site, cache)
    cache.put('issue', key, reading)
  }
  reading = namedAs(reading, content.file)
  readingByFile.set(content, { siteKey, reading })
  return reading
}

// A reading made by a load in another working folder names the file as that load showed it.
function namedAs (reading: IssueReading, file: string): IssueReading {
  const named = reading.issue === undefined ? reading.problems.every((problem) => problem.file === file) : reading.issue.file === file
  if (named) return reading
  return { ...reading, problems: shownAs(reading.problems, file), ...(reading.issue === undefined ? {} : { issue: { ...reading.issue, file } }) }
}

// Made out here, so that the function holds what it names and nothing else: a closure made inside
// a loop over ten thousand files would hold that whole call's variables for as long as it lives,
// and loaded issues live as long as their reading in the cache.
function htmlReader (content: ContentFile, baseUrl: string, cache: LoadCache): () => string {
  return () => htmlAgain(content, baseUrl, cache)
}

/** The HTML of an issue that was valid when its file was read, from the cache or rendered again. */
function htmlAgain (content: ContentFile, baseUrl: string, cache: LoadCache): string {
  const problems: Problem[] = []
  const html = renderBody(content, baseUrl, cache, reporterFor(problems, content.file, content.lineOf))
  if (html === undefined) throw new ContentError(problems)
  return html
}

/** What one issue file says on its own: the issue if it is valid, its problems, and the slug it claims. */
interface IssueReading {
  readonly issue?: Omit<LoadedIssue, 'readHtml'>
  readonly problems: readonly Problem[]
  readonly slug?: string
  /** `slug` when the slug is written in the front matter, undefined when it comes from the file name. */
  readonly slugField?: 'slug'
  /** The cache key of its rendered Markdown, kept alive while the reading is used. */
  readonly markdownKey?: string
}

function readIssue (content: ContentFile, site: Site, cache: LoadCache): IssueReading {
  const problems: Problem[] = []
  const fieldProblems = checkFields(issueSchema, content, content.file)
  problems.push(...fieldProblems)
  const report = reporterFor(problems, content.file, content.lineOf)
  const fields = content.data as IssueFields
  const date = typeof fields.date === 'string' ? readDate(fields.date, 'date', report) : undefined
  const updated = typeof fields.updated === 'string' ? readDate(fields.updated, 'updated', report) : undefined
  const slug = fields.slug ?? slugOfFileName(content.name, report)
  if (date !== undefined && updated !== undefined && updated < date) report.error('updated', `${fields.updated} is before the issue's date ${fields.date}`)
  const draft = fields.draft ?? false
  const html = renderBody(content, site.url, cache, report)
  const facts = html === undefined ? undefined : htmlFactsOf(html, cache)
  const summary = typeof fields.summary === 'string' ? clean(fields.summary) : fields.summary === undefined ? requiredSummary(facts?.summary ?? '', draft === true, report) : undefined
  const reading = { problems, slug, slugField: fields.slug === undefined ? undefined : 'slug' as const, markdownKey: markdownKey(content, site.url) }
  if (fieldProblems.length > 0 || date === undefined || slug === undefined || html === undefined || facts === undefined || summary === undefined || (fields.updated !== undefined && updated === undefined)) return reading
  const issue = {
    file: content.file,
    draft,
    slug,
    id: fields.id === undefined ? issueId(site.podcastGuid, slug) : clean(fields.id),
    title: clean(fields.title),
    date,
    updated,
    summary,
    tags: [...new Set((fields.tags ?? []).map(clean))],
    authors: (fields.authors ?? []).length === 0 ? site.authors : fields.authors!.map((name) => site.authors.find((author) => author.name === name) ?? { name: clean(name) }),
    html,
    issueLinks: linksToIssuePages(facts.links, site.url),
    url: issueUrl(site.url, slug)
  }
  // The version covers the HTML too; the reading leaves the HTML out (see loadIssues).
  const { html: _html, ...withoutHtml } = issue
  return { ...reading, issue: { ...withoutHtml, version: versionOf(issue) } }
}

// What of the site an issue is read against: its address, its identity and its authors.
function siteVersion (site: Site): string {
  return createHash('sha1').update(JSON.stringify([site.url, site.podcastGuid, site.authors])).digest('base64url')
}

// Two items with one id look like one item to every reader: one of them would never be shown.
function rejectDuplicateIds (issues: readonly LoadedIssue[], sink: Problem[]): LoadedIssue[] {
  return rejectDuplicates(issues, (issue) => issue.id, (issue, first) =>
    ({ file: issue.file, field: 'id', message: `"${issue.id}" is already the id of ${first.file}; every issue needs its own`, severity: 'error' }), sink)
}

/** The summary derived from a body's HTML (see readHtmlFacts), or undefined with an error when it gives none (see requiredSummary). */
export function summaryOf (html: string, draft: boolean, report: FileReporter, cache: LoadCache): string | undefined {
  return requiredSummary(htmlFactsOf(html, cache).summary, draft, report)
}

/**
 * A summary derived from a body: one without text gives none, an error, except for a draft, which
 * is published nowhere and so needs no summary yet.
 */
function requiredSummary (summary: string, draft: boolean, report: FileReporter): string | undefined {
  if (summary !== '' || draft) return summary
  report.error('summary', 'is needed: the body has no text to take a summary from; write summary: in the front matter, or a first paragraph')
  return undefined
}

/** Reads a date field, reporting why it is not a usable date. */
export function readDate (value: string, field: string, report: FileReporter): Date | undefined {
  const parsed = parseIsoDate(value)
  if (parsed instanceof Date) return parsed
  report.error(field, parsed.reason)
  return undefined
}

/**
 * The slug an issue or episode file name gives (see fileNameSlug), or undefined with an error when
 * it gives none: `...md` would otherwise become the site root, and `..md` a dotfile.
 */
export function slugOfFileName (name: string, report: FileReporter): string | undefined {
  const slug = fileNameSlug(name)
  if (slug !== '') return slug
  report.error(undefined, `the file name "${name}.md" has no letters or digits to make a URL slug from; rename the file (for example 2024-01-05-first-frost.md)`)
  return undefined
}
