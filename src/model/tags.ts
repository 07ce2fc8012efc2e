import { oncePer } from './once-per.ts'
import type { Issue, Publication } from './publication.ts'
import { slugify } from './slug.ts'
import { punctuationTagSlug, tagUrl } from './urls.ts'

/** A tag and the issues that carry it, newest first. */
export interface Tag {
  readonly name: string
  readonly slug: string
  /** Absolute URL of the tag's HTML page; its feeds live below it. */
  readonly url: string
  readonly issues: readonly Issue[]
}

/** A tag's URL slug, made by the rule every slug follows (see slug.ts): Künstliche Intelligenz → kunstliche-intelligenz. */
export function tagSlug (name: string): string {
  const slug = slugify(name)
  // A tag of punctuation alone ("]]>") has no letters to name it by: a stable hash stands in.
  return slug === '' ? punctuationTagSlug(name) : slug
}

/**
 * Every tag used by a published issue, by slug. Names that differ only in case or accents share
 * a slug and so one tag; the first name met, newest issue first, is the one shown.
 */
export const tagsOf = oncePer((publication: Publication): readonly Tag[] => {
  const bySlug = new Map<string, { name: string, issues: Issue[] }>()
  const slugs = new Map<string, string>()
  for (const issue of publication.issues) {
    for (const name of issue.tags) {
      let slug = slugs.get(name)
      if (slug === undefined) slugs.set(name, slug = tagSlug(name))
      const tag = bySlug.get(slug) ?? { name, issues: [] }
      // Two names of one tag on one issue list it once; it would be the one added last.
      if (tag.issues.at(-1) !== issue) tag.issues.push(issue)
      bySlug.set(slug, tag)
    }
  }
  return [...bySlug].sort(([a], [b]) => a.localeCompare(b)).map(([slug, tag]) => ({
    ...tag,
    slug,
    url: tagUrl(publication.site.url, slug)
  }))
})
