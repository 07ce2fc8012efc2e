import type { LoadedEpisode } from './load-episodes.ts'
import type { LoadedIssue } from './load-issues.ts'

/** An issue or episode that is valid but not published yet, and why. */
export interface HeldBack {
  readonly file: string
  readonly title: string
  /** A draft (or an episode of a draft issue) waits for `draft: true` to go; a scheduled one for `until`. */
  readonly reason: 'draft' | 'scheduled'
  /** When a scheduled one comes out: its own date, or its issue's if that is later. */
  readonly until?: Date
}

/** Everything loaded that `now` does not publish, in file order. */
export function listHeldBack (issues: readonly LoadedIssue[], episodes: readonly LoadedEpisode[], now: Date): HeldBack[] {
  const issueBySlug = new Map(issues.map((issue) => [issue.slug, issue]))
  const held: HeldBack[] = []
  for (const issue of issues) {
    if (issue.draft) held.push({ file: issue.file, title: issue.title, reason: 'draft' })
    else if (issue.date > now) held.push({ file: issue.file, title: issue.title, reason: 'scheduled', until: issue.date })
  }
  for (const episode of episodes) {
    const issue = episode.issueSlug === undefined ? undefined : issueBySlug.get(episode.issueSlug)
    const until = new Date(Math.max(episode.date.getTime(), issue?.date.getTime() ?? 0))
    if (episode.draft) held.push({ file: episode.file, title: episode.title, reason: 'draft' })
    else if (until > now) held.push({ file: episode.file, title: episode.title, reason: 'scheduled', until })
  }
  return held.sort((a, b) => a.file.localeCompare(b.file))
}

/** `draft`, or `scheduled for 2025-03-01T09:00:00Z`: what validate prints beside the file. */
export function describeHeldBack (item: HeldBack): string {
  return item.reason === 'draft' ? 'draft (remove draft: true to publish it)' : `scheduled for ${formatUtc(item.until!)}`
}

/** An ISO 8601 date in UTC, to the second. */
export function formatUtc (date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
