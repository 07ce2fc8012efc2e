// XML 1.0 §2.2 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// Lone surrogates are matched too, so a broken UTF-16 string cannot produce ill-formed output.
const FORBIDDEN = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Removes every character XML 1.0 forbids (control characters, lone surrogates, U+FFFE/U+FFFF). */
export function removeXmlForbiddenCharacters (text: string): string {
  return text.replace(FORBIDDEN, '')
}

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
