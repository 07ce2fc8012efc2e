/**
 * `compute`, worked out once per object for as long as the object lives: what the thousands of
 * outputs of one publication derive from it alike (its tags, its issue list pages, its sitemap
 * entries) is derived once, however many of them ask.
 */
export function oncePer<K extends object, V> (compute: (key: K) => V): (key: K) => V {
  const known = new WeakMap<K, V>()
  return (key) => {
    if (known.has(key)) return known.get(key)!
    const value = compute(key)
    known.set(key, value)
    return value
  }
}
