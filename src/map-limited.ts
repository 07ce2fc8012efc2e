/**
 * Runs `map` on every item, at most `limit` at a time, and resolves with the results in the items'
 * order: many small file operations overlap their waits on the disk without opening thousands of
 * files at once.
 */
export async function mapLimited<T, R> (items: readonly T[], limit: number, map: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await map(items[index]!, index)
    }
  }))
  return results
}
