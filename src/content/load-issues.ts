import type { Problem } from '../errors.ts'
import type { Issue, Site } from '../model/publication.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'
import { issueId, issueUrl } from '../model/urls.ts'
import type { ContentFile } from './content-files.ts'
import { parseIsoDate } from './iso-date.ts'
import type { LoadCache } from './load-cache.ts'
import { renderMarkdownOnce } from './markdown.ts'
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
    const slug = fields.slug ?? slugFromFileName(content.name)
    if (slug === undefined) report.error(undefined, `the file name "${content.name}.md" cannot be a URL slug; rename it or set slug: in the front matter`)
    else if (fileBySlug.has(slug)) report.error(fields.slug === undefined ? undefined : 'slug', `"${slug}" is already the slug of ${fileBySlug.get(slug)}; every issue needs its own`)
    else fileBySlug.set(slug, content.file)
    if (date !== undefined && updated !== undefined && updated < date) report.error('updated', `${fields.updated} is before the issue's date ${fields.date}`)
    if (fieldProblems.length > 0 || date === undefined || slug === undefined || (fields.updated !== undefined && updated === undefined)) continue

    issues.push({
      file: content.file,
      draft: fields.draft ?? false,
      slug,
      id: fields.id === undefined ? issueId(site.podcastGuid, slug) : clean(fields.id),
      title: clean(fields.title),
      date,
      updated,
      summary: clean(fields.summary),
      tags: [...new Set((fields.tags ?? []).map(clean))],
      authors: (fields.authors ?? []).length === 0 ? site.authors : fields.authors!.map((name) => site.authors.find((author) => author.name === name) ?? { name: clean(name) }),
      html: renderMarkdownOnce(content.body, site.url, cache),
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

/** Reads a date field, reporting why it is not a usable date. */
export function readDate (value: string, field: string, report: FileReporter): Date | undefined {
  const parsed = parseIsoDate(value)
  if (parsed instanceof Date) return parsed
  report.error(field, parsed.reason)
  return undefined
}

// A slug is lower-case ASCII letters, digits and hyphens, so it is the same URL in every client.
// A leading ISO date (2023-01-27-title.md, the Jekyll convention) is not part of the slug.
function slugFromFileName (name: string): string | undefined {
  const slug = name.replace(/^\d{4}-\d{2}-\d{2}-/, '').toLowerCase()
  return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(slug) ? slug : undefined
}
