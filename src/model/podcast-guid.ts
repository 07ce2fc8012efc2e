import { createHash } from 'node:crypto'

/** The Podcasting 2.0 namespace UUID for `podcast:guid` (podcastindex.org namespace docs). */
export const PODCAST_GUID_NAMESPACE = 'ead4c236-bf58-58c6-a2c6-a6b28d128cb6'

/** RFC 9562 UUID version 5: SHA-1 of namespace bytes + name, with version and variant bits set. */
export function uuidV5 (name: string, namespace: string): string {
  const namespaceBytes = Buffer.from(namespace.replaceAll('-', ''), 'hex')
  const hash = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest()
  hash[6] = (hash[6]! & 0x0f) | 0x50
  hash[8] = (hash[8]! & 0x3f) | 0x80
  const hex = hash.subarray(0, 16).toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/**
 * The `podcast:guid` a feed gets when none is pinned: UUIDv5 of its URL with the scheme and
 * trailing slashes removed, as the namespace specifies, so any tool derives the same value.
 */
export function derivePodcastGuid (feedUrl: string): string {
  const name = feedUrl.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/+$/, '')
  return uuidV5(name, PODCAST_GUID_NAMESPACE)
}
