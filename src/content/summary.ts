import { Parser } from 'htmlparser2'

/**
 * The most characters a derived summary has, ellipsis included. Hugo takes 70 words, Ghost 500
 * characters, jekyll-feed the whole first paragraph; 300 characters is about two sentences: enough
 * for a feed reader's preview line and a podcast app's episode description, short enough to never
 * repeat the body.
 */
export const SUMMARY_LENGTH = 300

/**
 * A summary derived the way Hugo, jekyll-feed and Ghost derive an excerpt: the plain text of the
 * first paragraph of the rendered body (tags stripped, entities decoded, whitespace collapsed), cut
 * at a word boundary with an ellipsis when it is longer than SUMMARY_LENGTH. A body with no
 * paragraph of text (only a list, a heading) gives the start of its whole text; a body with no text
 * at all gives ''.
 */
export function deriveSummary (html: string): string {
  const { firstParagraph, all } = readText(html)
  return shortenAtWord(collapse(firstParagraph !== '' ? firstParagraph : all), SUMMARY_LENGTH)
}

/** Cuts text to at most `max` characters at a word boundary, ending it with `…` when cut. */
export function shortenAtWord (text: string, max: number): string {
  if (text.length <= max) return text
  let kept = ''
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)) {
    if (kept.length + segment.length > max - 1) break
    kept += segment
  }
  // A first word longer than the limit (a long URL) is cut between characters, never inside one.
  if (kept.trim() === '') {
    for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
      if (kept.length + segment.length > max - 1) break
      kept += segment
    }
  }
  return `${kept.trimEnd().replace(/[\s,;:–—-]+$/u, '')}…`
}

function collapse (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

// The text of the first <p> that has any, and of the whole document; image alt text is not text.
function readText (html: string): { firstParagraph: string, all: string } {
  let all = ''
  let paragraph: string | undefined
  let firstParagraph = ''
  const parser = new Parser({
    onopentag (name) {
      if (name === 'p' && firstParagraph === '') paragraph = ''
      if (name === 'br') append(' ')
    },
    ontext (text) {
      append(text)
    },
    onclosetag (name) {
      if (name === 'p' && paragraph !== undefined) {
        if (collapse(paragraph) !== '') firstParagraph = paragraph
        paragraph = undefined
      }
      // Block ends are word breaks: "<li>one</li><li>two</li>" reads "one two".
      if (/^(p|li|h[1-6]|blockquote|pre|td|th|tr|div)$/.test(name)) all += ' '
    }
  }, { decodeEntities: true })
  function append (text: string): void {
    all += text
    if (paragraph !== undefined) paragraph += text
  }
  parser.end(html)
  return { firstParagraph, all }
}
