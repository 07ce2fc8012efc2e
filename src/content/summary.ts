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
