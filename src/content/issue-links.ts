import type { Problem } from '../errors.ts'
import { formatUtc } from './held-back.ts'
import type { LoadedIssue } from './load-issues.ts'
import { nearestNames } from './nearest.ts'

/**
 * Which of the links of an issue's HTML (see readHtmlFacts) go to issue pages: those whose absolute
 * URL is under the site's `issues/` path. Found once, when the issue's file is read.
 */
export function linksToIssuePages (links: readonly string[], siteUrl: string): string[] {
  const issuesUrl = issuesUrlOf(siteUrl)
  return links.filter((link) => link.startsWith(issuesUrl))
}

/**
 * Warnings for links in issue bodies to issue pages that are not published: drafts, issues
 * scheduled after the linking one, and slugs no issue has. Such links publish as dead links.
 */
export function checkIssueLinks (issues: readonly LoadedIssue[], siteUrl: string, now: Date): Problem[] {
  const issuesUrl = issuesUrlOf(siteUrl)
  const bySlug = new Map(issues.map((issue) => [issue.slug, issue]))
  const problems: Problem[] = []
  for (const issue of issues) {
    if (issue.draft) continue
    for (const href of issue.issueLinks) {
      const slug = slugInPath(href.slice(issuesUrl.length))
      if (slug === undefined || slug === issue.slug) continue
      const target = bySlug.get(slug)
      const goesOutAfter = target !== undefined && target.date > now && target.date > issue.date
      const why = target === undefined
        ? `which is no issue${bySlug.size === 0 ? '' : ` (the nearest slugs: ${nearestNames(slug, bySlug.keys()).join(', ')})`}`
        : target.draft
          ? `a draft: the link is dead until ${target.file} is published`
          : goesOutAfter ? `scheduled for ${formatUtc(target.date)}: the link is dead until then` : undefined
      if (why !== undefined) problems.push({ file: issue.file, field: 'body', message: `links to ${href}, ${why}`, severity: 'warning' })
    }
  }
  return problems
}

function issuesUrlOf (siteUrl: string): string {
  return new URL('issues/', siteUrl).href
}

function slugInPath (rest: string): string | undefined {
  const segment = rest.split(/[/?#]/)[0]
  if (segment === undefined || segment === '') return undefined
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
