// Enough for the items of an edit's feeds (the main feeds, and each of the edited issue's tags'
// feeds, at their usual sizes), few enough that the memory they take stays a few MB.
const KEPT = 500

/**
 * Renders the items of one feed document, reusing the text of those rendered most recently: each
 * is remembered by the model object it was rendered from and a context string naming whatever
 * else it shows. A publish after one edit renders the newest document of a few feeds again (the
 * main feeds, the podcast feed, the edited issue's tags' feeds), and all of their items but the
 * edited one are those it rendered last time. Only the most recently used are kept, so an archive's
 * worth never is, but always all of the largest document's: fewer, and that document's items would
 * push each other out before they were used again.
 *
 * An item is kept from the second time it is rendered. A build renders most items once: keeping
 * each for a while would only fill the heap with texts to collect (a cold build of 10,000 issues
 * peaked 190 MB higher that way).
 */
export function recentItems<K extends object> (): (items: readonly K[], render: (item: K) => string, contextOf?: (item: K) => string) => string[] {
  // A Map iterates in insertion order: an item used again is moved to the end, the first is the oldest.
  const known = new Map<K, { readonly context: string, readonly text: string }>()
  const renderedOnce = new WeakSet<K>()
  let limit = KEPT
  return (items, render, contextOf = () => '') => {
    limit = Math.max(limit, items.length)
    return items.map((item) => {
      const context = contextOf(item)
      const entry = known.get(item)
      if (entry?.context === context) {
        known.delete(item)
        known.set(item, entry)
        return entry.text
      }
      const text = render(item)
      if (entry === undefined && !renderedOnce.has(item)) {
        renderedOnce.add(item)
        return text
      }
      known.delete(item)
      known.set(item, { context, text })
      if (known.size > limit) known.delete(known.keys().next().value!)
      return text
    })
  }
}
