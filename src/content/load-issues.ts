import type { Problem } from '../errors.ts'
import type { Issue, Site } from '../model/publication.ts'
import { fileNameSlug } from '../model/slug.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { issueId, issueUrl } from '../model/urls.ts'
import type { ContentFile } from './content-files.ts'
import { parseIsoDate } from './iso-date.ts'
import type { LoadCache } from './load-cache.ts'
import { renderBody } from './markdown.ts'
import { deriveSummary } from './summary.ts'
import { reporterFor, type FileReporter } from './problem-list.ts'
import { checkFields } from './schema-problems.ts'
import { issueSchema, type IssueFields } from './schemas.ts'

/** An issue as read from its file, before episodes are attached; drafts included. */
export interface LoadedIssue extends Omit<Issue, 'episode'> {
  readonly file: string
  readonly draft: boolean
}

/** Validates every issue file; returns those without errors and adds the problems of the others. */
export function loadIssues (files: readonly ContentFile[], site: Site, sink: Problem[], cache: LoadCache): LoadedIssue[] {
  const issues: LoadedIssue[] = []
  const fileBySlug = new Map<string, string>()
  for (const content of files) {
    const fieldProblems = checkFields(issueSchema, content, content.file)
    sink.push(...fieldProblems)
    const report = reporterFor(sink, content.file, content.lineOf)
    const fields = content.data as IssueFields
    const date = typeof fields.date === 'string' ? readDate(fields.date, 'date', report) : undefined
    const updated = typeof fields.updated === 'string' ? readDate(fields.updated, 'updated', report) : undefined
    const slug = fields.slug ?? slugOfFileName(content.name, report)
    if (slug !== undefined && fileBySlug.has(slug)) {
      report.error(fields.slug === undefined ? undefined : 'slug', `"${slug}" is the slug of both ${fileBySlug.get(slug)} and ${content.file}; every issue needs its own: rename one file or set slug: in its front matter`)
    } else if (slug !== undefined) fileBySlug.set(slug, content.file)
    if (date !== undefined && updated !== undefined && updated < date) report.error('updated', `${fields.updated} is before the issue's date ${fields.date}`)
    const draft = fields.draft ?? false
    const html = renderBody(content, site.url, cache, report)
    const summary = typeof fields.summary === 'string' ? clean(fields.summary) : fields.summary === undefined ? summaryOf(html ?? '', draft === true, report, cache) : undefined
    if (fieldProblems.length > 0 || date === undefined || slug === undefined || html === undefined || summary === undefined || (fields.updated !== undefined && updated === undefined)) continue

    issues.push({
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
      url: issueUrl(site.url, slug)
    })
  }
  return rejectDuplicateIds(issues.filter((issue) => fileBySlug.get(issue.slug) === issue.file), sink)
}

// Two items with one id look like one item to every reader: one of them would never be shown.
function rejectDuplicateIds (issues: readonly LoadedIssue[], sink: Problem[]): LoadedIssue[] {
  const fileById = new Map<string, string>()
  return issues.filter((issue) => {
    const first = fileById.get(issue.id)
    if (first === undefined) {
      fileById.set(issue.id, issue.file)
      return true
    }
    sink.push({ file: issue.file, field: 'id', message: `"${issue.id}" is already the id of ${first}; every issue needs its own`, severity: 'error' })
    return false
  })
}

/**
 * The summary derived from a body (see deriveSummary). A body without text gives none: an error,
 * except for a draft, which is published nowhere and so needs no summary yet.
 */
export function summaryOf (html: string, draft: boolean, report: FileReporter, cache: LoadCache): string | undefined {
  const summary = cache.rememberSync('summary', html, () => deriveSummary(html))
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
