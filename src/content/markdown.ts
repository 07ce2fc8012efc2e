import { Marked, Tokenizer, type Links } from 'marked'
import sanitizeHtml from 'sanitize-html'
import { removeXmlForbiddenCharacters } from '../model/text.ts'
import { LIMITS } from './limits.ts'
import type { LoadCache } from './load-cache.ts'
import type { FileReporter } from './problem-list.ts'

/** Thrown from inside marked when Markdown nests deeper than the limit. */
class NestedTooDeeply extends Error {}

// marked reads blockquotes, lists, emphasis and links inside each other by recursion, and some of
// it is super-linear: 2,000 ">" overflow the stack, 800 nested lists take seconds per hundred
// levels. Counting the depth where it recurses bounds both, whatever the text.
class NestingLimitedTokenizer extends Tokenizer {
  private depth = 0

  override blockquote (src: string): ReturnType<Tokenizer['blockquote']> {
    return this.nested(() => super.blockquote(src))
  }

  override list (src: string): ReturnType<Tokenizer['list']> {
    return this.nested(() => super.list(src))
  }

  override link (src: string): ReturnType<Tokenizer['link']> {
    return this.nested(() => super.link(src))
  }

  override reflink (src: string, links: Links): ReturnType<Tokenizer['reflink']> {
    return this.nested(() => super.reflink(src, links))
  }

  override emStrong (src: string, maskedSrc: string, prevChar?: string): ReturnType<Tokenizer['emStrong']> {
    return this.nested(() => super.emStrong(src, maskedSrc, prevChar))
  }

  override del (src: string, maskedSrc: string, prevChar?: string): ReturnType<Tokenizer['del']> {
    return this.nested(() => super.del(src, maskedSrc, prevChar))
  }

  private nested<T> (read: () => T): T {
    if (this.depth > LIMITS.markdownNesting) throw new NestedTooDeeply()
    this.depth++
    try {
      return read()
    } finally {
      this.depth--
    }
  }
}

const marked = new Marked({ gfm: true, async: false })
marked.setOptions({ tokenizer: new NestingLimitedTokenizer() })

/**
 * Renders Markdown (raw HTML allowed) to HTML that is safe in any feed reader: no scripts, no event
 * handlers, no frames, only http(s)/mailto links, and every link and image made absolute against
 * `baseUrl`, because feed readers resolve relative URLs inconsistently or not at all. Returns a
 * reason instead when the Markdown cannot be rendered (it nests too deeply).
 */
export function renderMarkdown (markdown: string, baseUrl: string): string | { reason: string } {
  let html: string
  try {
    html = marked.parse(removeXmlForbiddenCharacters(markdown)) as string
  } catch (error) {
    if (error instanceof NestedTooDeeply) return { reason: `Markdown is nested more than ${LIMITS.markdownNesting} levels deep (blockquotes, lists, emphasis or links inside each other); flatten it` }
    return { reason: `could not be rendered: ${(error as Error).message.split('\n')[0]}` }
  }
  // The sanitizer decodes character references (&#x1;) into the characters they name: remove the
  // forbidden ones again, so HTML pages and JSON Feed hold what the XML feeds hold.
  return removeXmlForbiddenCharacters(sanitizeHtml(html, sanitizeOptions(baseUrl))).trim()
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
export function renderMarkdownOnce (source: MarkdownSource, baseUrl: string, cache: LoadCache): string | { reason: string } {
  return cache.rememberSync('markdown', markdownKey(source, baseUrl), () => renderMarkdown(source.body, baseUrl))
}

/** Renders the Markdown body of a content file, reporting why it cannot be rendered as a problem with its `body`. */
export function renderBody (source: MarkdownSource, baseUrl: string, cache: LoadCache, report: FileReporter): string | undefined {
  const html = renderMarkdownOnce(source, baseUrl, cache)
  if (typeof html === 'string') return html
  report.error('body', html.reason)
  return undefined
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
