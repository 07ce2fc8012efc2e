import { Marked } from 'marked'
import sanitizeHtml from 'sanitize-html'
import { removeXmlForbiddenCharacters } from '../model/text.ts'
import type { LoadCache } from './load-cache.ts'

const marked = new Marked({ gfm: true, async: false })

/**
 * Renders Markdown (raw HTML allowed) to HTML that is safe in any feed reader: no scripts, no event
 * handlers, no frames, only http(s)/mailto links, and every link and image made absolute against
 * `baseUrl`, because feed readers resolve relative URLs inconsistently or not at all.
 */
export function renderMarkdown (markdown: string, baseUrl: string): string {
  const html = marked.parse(removeXmlForbiddenCharacters(markdown)) as string
  return sanitizeHtml(html, sanitizeOptions(baseUrl)).trim()
}

/** A Markdown text and the hash of the file it came from, which names it in the cache. */
export interface MarkdownSource {
  readonly body: string
  readonly digest: string
}

/** The cache key of a source's HTML: its file's hash and the base URL links are made absolute against. */
export function markdownKey (source: MarkdownSource, baseUrl: string): string {
  return `${source.digest}\0${baseUrl}`
}

/** renderMarkdown, remembered across loads (and runs) for files that have not changed. */
export function renderMarkdownOnce (source: MarkdownSource, baseUrl: string, cache: LoadCache): string {
  return cache.rememberSync('markdown', markdownKey(source, baseUrl), () => renderMarkdown(source.body, baseUrl))
}

function sanitizeOptions (baseUrl: string): sanitizeHtml.IOptions {
  const absolute = (attribute: string): sanitizeHtml.Transformer => (tagName, attribs) => {
    const value = attribs[attribute]
    return { tagName, attribs: value === undefined ? attribs : { ...attribs, [attribute]: absoluteUrl(value, baseUrl) } }
  }
  return {
    allowedTags: [...sanitizeHtml.defaults.allowedTags, 'img', 'h1', 'h2', 'del', 'ins', 'sup', 'sub'],
    allowedAttributes: {
      a: ['href', 'title'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      code: ['class'],
      ol: ['start'],
      th: ['align'],
      td: ['align']
    },
    allowedClasses: { code: ['language-*'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesAppliedToAttributes: ['href', 'src'],
    allowProtocolRelative: false,
    transformTags: { a: absolute('href'), img: withEmptyAlt(absolute('src')) }
  }
}

// An image without alt text is read out by its file name; alt="" tells screen readers to skip it.
function withEmptyAlt (transform: sanitizeHtml.Transformer): sanitizeHtml.Transformer {
  return (tagName, attribs) => {
    const result = typeof transform === 'function' ? transform(tagName, attribs) : { tagName, attribs }
    return { ...result, attribs: { ...result.attribs, alt: result.attribs.alt ?? '' } }
  }
}

function absoluteUrl (value: string, baseUrl: string): string {
  try {
    return new URL(value.trim(), baseUrl).href
  } catch {
    return value
  }
}
