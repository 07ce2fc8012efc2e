import type { Publication } from '../../src/model/publication.ts'
import { tagsOf, type Tag } from '../../src/model/tags.ts'
import { outputsFor } from '../../src/publish/outputs.ts'

/** One feed document feedwright publishes, rendered, with what it is. */
export interface FeedDocument {
  readonly path: string
  readonly url: string
  readonly format: 'rss' | 'atom' | 'json' | 'opml'
  readonly body: string
  /** The tag whose issues it carries, for a tag's feed. */
  readonly tag?: Tag
}

const FORMATS: ReadonlyArray<[string, FeedDocument['format']]> = [
  ['application/rss+xml', 'rss'], ['application/atom+xml', 'atom'], ['application/feed+json', 'json'], ['text/x-opml', 'opml']
]

/** Every feed document of a publication: main feeds, archive pages, podcast, tag feeds, OPML. */
export function feedDocuments (publication: Publication): FeedDocument[] {
  const tags = tagsOf(publication)
  return outputsFor(publication).filter((output) => output.kind === 'feed').map((output) => {
    const url = new URL(output.path.slice(1), publication.site.url).href
    const format = FORMATS.find(([type]) => output.type.startsWith(type))?.[1]
    if (format === undefined) throw new Error(`${output.path}: no feed format for ${output.type}`)
    return { path: output.path, url, format, body: output.render(publication) as string, tag: tags.find((tag) => url.startsWith(tag.url)) }
  })
}
