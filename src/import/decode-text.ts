import iconv from 'iconv-lite'

// WHATWG Encoding Standard: these labels all mean windows-1252, because documents labelled
// ISO-8859-1 are in practice full of its curly quotes and dashes (0x80-0x9F). Node 20's own
// TextDecoder decodes windows-1252 as ISO-8859-1, so iconv-lite does the decoding.
const WINDOWS_1252_LABELS = new Set(['iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'cp819', 'ibm819', 'us-ascii', 'ascii', 'windows-1252', 'cp1252', 'x-cp1252'])

/**
 * Decodes a feed's bytes to text with the encoding the bytes declare: a byte order mark, else
 * the XML declaration's `encoding` (ISO-8859-1, windows-1252, Shift_JIS, …), else the HTTP
 * charset, else UTF-8, the XML default. The declaration wins over the header: servers often
 * send a wrong charset for static files, and the document is what its author saved.
 */
export function decodeFeedBytes (bytes: Uint8Array, headerCharset?: string): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const bom = encodingFromBom(buffer)
  if (bom !== undefined) return iconv.decode(buffer, bom)
  // The declaration is ASCII in every ASCII-compatible encoding, so read it as latin1 first.
  const declared = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(buffer.subarray(0, 200).toString('latin1'))?.[1]
  for (const label of [declared, headerCharset]) {
    const encoding = label === undefined ? undefined : WINDOWS_1252_LABELS.has(label.toLowerCase()) ? 'windows-1252' : label
    if (encoding !== undefined && iconv.encodingExists(encoding)) return iconv.decode(buffer, encoding)
  }
  return iconv.decode(buffer, 'utf-8')
}

function encodingFromBom (bytes: Buffer): string | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8'
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le'
  return undefined
}

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf (contentType: string | undefined): string | undefined {
  return contentType === undefined ? undefined : /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1]
}
