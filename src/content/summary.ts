/**
 * The most characters a derived summary has, ellipsis included. Hugo takes 70 words, Ghost 500
 * characters, jekyll-feed the whole first paragraph; 300 characters is about two sentences: enough
 * for a feed reader's preview line and a podcast app's episode description, short enough to never
 * repeat the body.
 */
export const SUMMARY_LENGTH = 300

/**
 * A summary derived the way Hugo, jekyll-feed and Ghost derive an excerpt, from the plain text of a
 * rendered body (tags stripped, entities decoded; see readHtmlFacts): its first paragraph that has
 * text, whitespace collapsed, cut at a word boundary with an ellipsis when it is longer than
 * SUMMARY_LENGTH. A body with no paragraph of text (only a list, a heading) gives the start of its
 * whole text; a body with no text at all gives ''.
 */
export function summaryFromText (firstParagraph: string, all: string): string {
  return shortenAtWord(collapse(firstParagraph !== '' ? firstParagraph : all), SUMMARY_LENGTH)
}

/** Cuts text to at most `max` characters at a word boundary, ending it with `…` when cut. */
export function shortenAtWord (text: string, max: number): string {
  if (text.length <= max) return text
  // Every whole word that ends within max - 1 characters (room for the ellipsis).
  let kept = text.slice(0, segmentStart(WORDS, text, max - 1))
  // A first word longer than the limit (a long URL) is cut between characters, never inside one.
  if (kept.trim() === '') kept += text.slice(0, segmentStart(GRAPHEMES, text, max - 1 - kept.length))
  return `${kept.trimEnd().replace(/[\s,;:–—-]+$/u, '')}…`
}

const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' })
const GRAPHEMES = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

// Where the segment holding the character at `index` starts: found there, rather than by walking
// every segment before it (140 µs a summary of the bench corpus, this 3 µs; what that saved a cold
// build of 10,000 issues was within its noise).
function segmentStart (segmenter: Intl.Segmenter, text: string, index: number): number {
  return index < 0 ? 0 : segmenter.segment(text).containing(index)?.index ?? 0
}

function collapse (text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
