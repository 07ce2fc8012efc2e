/**
 * Decodes a feed's bytes to text with the encoding the bytes declare: a byte order mark, else
 * the XML declaration's `encoding` (ISO-8859-1, windows-1252, Shift_JIS, … as the WHATWG
 * Encoding Standard names them, which Node's TextDecoder knows), else UTF-8, the XML default.
 * A header's charset is only a fallback: servers often send the wrong one for static files.
 */
export function decodeFeedBytes (bytes: Uint8Array, headerCharset?: string): string {
  const bom = encodingFromBom(bytes)
  if (bom !== undefined) return new TextDecoder(bom).decode(bytes)
  // The declaration is ASCII in every ASCII-compatible encoding, so read it as latin1 first.
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1')
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]
  for (const label of [declared, headerCharset]) {
    if (label === undefined) continue
    try {
      return new TextDecoder(label).decode(bytes).replace(/^(\s*<\?xml[^>]*\bencoding\s*=\s*["'])[^"']+/, '$1UTF-8')
    } catch {
      // An encoding no decoder knows: try the next hint, then UTF-8.
    }
  }
  return new TextDecoder('utf-8').decode(bytes)
}

function encodingFromBom (bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  return undefined
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf (contentType: string | undefined): string | undefined {
  return contentType === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]
}
