import { distance } from 'fastest-levenshtein'

/**
 * The `count` candidates nearest to `word` by edit distance (ties in alphabetical order), to
 * suggest in an error instead of listing every known name, which at a thousand issues is a
 * twelve-kilobyte line.
 */
export function nearestNames (word: string, candidates: Iterable<string>, count = 3): string[] {
  const lower = word.toLowerCase()
  return [...new Set(candidates)]
    .map((candidate) => ({ candidate, cost: distance(lower, candidate.toLowerCase()) }))
    .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
    .slice(0, count)
    .map(({ candidate }) => candidate)
}

/** The one candidate `word` is most likely a misspelling of, if any is close enough to say so. */
export function didYouMean (word: string, candidates: Iterable<string>): string | undefined {
  const [best] = nearestNames(word, candidates, 1)
  if (best === undefined) return undefined
  // Two edits catch a dropped, doubled or swapped letter; longer words may have a few more.
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined
}
