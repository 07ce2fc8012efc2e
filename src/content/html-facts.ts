import { createHash } from 'node:crypto'
import { Parser } from 'htmlparser2'
import type { LoadCache } from './load-cache.ts'
import { renderMarkdown } from './markdown.ts'
import { summaryFromText } from './summary.ts'

/** What a load takes from a body's HTML besides the HTML itself, found in one pass over it. */
export interface HtmlFacts {
  /** The summary derived from it (see summaryFromText): '' when it has no text. */
  readonly summary: string
  /** Where its links point: the `href` of every `<a>`, absolute since bodies are rendered so. */
  readonly links: readonly string[]
}

/**
 * Reads a body's HTML once for its summary (from the text of its first paragraph that has any, or
 * of the whole document; image alt text is not text) and its links.
 */
export function readHtmlFacts (html: string): HtmlFacts {
  let all = ''
  let paragraph: string | undefined
  let firstParagraph = ''
  const links: string[] = []
  const append = (text: string): void => {
    all += text
    if (paragraph !== undefined) paragraph += text
  }
  const parser = new Parser({
    onopentag (name, attributes) {
      if (name === 'p' && firstParagraph === '') paragraph = ''
      if (name === 'br') append(' ')
      if (name === 'a' && attributes.href !== undefined) links.push(attributes.href)
    },
    ontext: append,
    onclosetag (name) {
      if (name === 'p' && paragraph !== undefined) {
        if (paragraph.trim() !== '') firstParagraph = paragraph
        paragraph = undefined
      }
      // Block ends are word breaks: "<li>one</li><li>two</li>" reads "one two".
      if (BLOCK_END.test(name)) all += ' '
    }
  }, { decodeEntities: true })
  parser.end(html)
  return { summary: summaryFromText(firstParagraph, all), links }
}

const BLOCK_END = /^(p|li|h[1-6]|blockquote|pre|td|th|tr|div)$/

/** The facts of a body: from the cache, where the Markdown threads put them as they render it, or read now. */
export function htmlFactsOf (html: string, cache: LoadCache): HtmlFacts {
  return cache.rememberSync('html-facts', htmlFactsKey(html), () => readHtmlFacts(html))
}

// Keyed by the HTML's hash, not the HTML: the cache is written to disk between runs.
export function htmlFactsKey (html: string): string {
  return createHash('sha1').update(html).digest('base64url')
}

/** A body rendered, with its facts and their cache key: what a Markdown thread sends back. */
export type RenderedBody = { readonly html: string, readonly factsKey: string, readonly facts: HtmlFacts } | { readonly reason: string }

/**
 * renderMarkdown, and the facts of what it rendered: a cold load of a large archive reads them
 * on the threads that render, beside each other, instead of on the one that loads, after them.
 */
export function renderBodyWithFacts (markdown: string, baseUrl: string): RenderedBody {
  const html = renderMarkdown(markdown, baseUrl)
  if (typeof html !== 'string') return html
  return { html, factsKey: htmlFactsKey(html), facts: readHtmlFacts(html) }
}
