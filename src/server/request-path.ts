/** The request path without its query string, as sent (still percent-encoded): published paths are stored that way. */
export function pathOf (url: string): string {
  const end = url.search(/[?#]/)
  return end === -1 ? url : url.slice(0, end)
}

/** The media file a `/media/…` URL names, decoded; undefined for another path or malformed encoding. */
export function mediaPathOf (url: string): string | undefined {
  const path = pathOf(url)
  if (!path.startsWith('/media/')) return undefined
  try {
    return decodeURIComponent(path.slice('/media/'.length))
  } catch {
    return undefined
  }
}
