/**
 * How plain text (titles, summaries, names: never markup in feedwright's content) is written
 * into RSS, where the format does not say whether an element holds text or HTML. Per field:
 *
 * - `description` (channel and item, RSS and podcast): readers render it as HTML. RSS 2.0 allows
 *   "entity-encoded HTML" there, the RSS Best Practices Profile says aggregators treat it as HTML,
 *   the Universal Feed Parser sanitizes it as HTML, and Apple Podcasts accepts `<p>`, `<a>`, lists
 *   in both. So plain text is HTML-escaped first (`<angle bracket>` → `&lt;angle bracket&gt;`),
 *   then escaped again for XML, or a reader drops what looks like a tag.
 * - `title`, `category`, `copyright`, `dc:creator`, `itunes:author`, `itunes:name`: plain text
 *   (RSS Advisory Board: titles "should not contain HTML"; Apple: tag values are plain text).
 *   They are escaped once, in the form `hexReferencesInPlainText` describes.
 * - `itunes:summary` and `itunes:subtitle` are not written: Apple reads `description`.
 * - Atom writes every text construct with `type="text"` (RFC 4287 §3.1.1: no markup, escaped
 *   once), and JSON Feed 1.1 defines `title` and `summary` as plain text: neither needs this.
 * - OPML `text` and `title`: OPML 2.0 says "text attributes may contain encoded HTML markup",
 *   and the W3C validator reads them as HTML, so they are HTML-escaped (see opml.ts).
 */

/**
 * Plain text as HTML text: `&`, `<` and `>` escaped. Quotes stay as they are: they need no
 * escaping outside attributes, and a reader that shows the HTML raw shows fewer references.
 */
export function plainTextAsHtml (text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** The RSS elements holding plain text, which `hexReferencesInPlainText` rewrites. */
export const RSS_PLAIN_TEXT_ELEMENTS = ['title', 'description', 'copyright', 'category', 'dc:creator', 'itunes:author', 'itunes:name'] as const

const HEX: Readonly<Record<string, string>> = { '&amp;': '&#x26;', '&lt;': '&#x3C;', '&gt;': '&#x3E;' }

/**
 * Writes `&`, `<` and `>` in the text of the given elements as the hexadecimal character
 * references `&#x26;`, `&#x3C;` and `&#x3E;`, as the RSS Best Practices Profile (rssboard.org,
 * "Character Data") advises for plain text: "A publisher should encode '&' and '<' in plain text
 * using hexadecimal character references. When encoding the '>' character, a publisher should use
 * the hexadecimal reference &#x3E;", the form that "works in the widest number of aggregators";
 * the W3C validator warns about titles and other plain-text elements written any other way.
 * To an XML parser `&#x26;` and `&amp;` are the same character, so this changes no parsed value.
 */
export function hexReferencesInPlainText (xml: string, elements: readonly string[] = RSS_PLAIN_TEXT_ELEMENTS): string {
  // The builder escapes every "<" in text, so a text-only element ends at the first "<".
  const element = new RegExp(`(<(${elements.join('|')})(?:\\s[^>]*)?>)([^<]*)(</\\2>)`, 'g')
  return xml.replace(element, (_, start: string, _name: string, text: string, end: string) =>
    start + text.replace(/&(amp|lt|gt);/g, (reference) => HEX[reference]!) + end)
}
