import { parseXml } from './helpers.ts'

/**
 * The W3C Feed Validator's complaints that feedwright's RSS and OPML could draw, encoded as
 * checks, since the validator cannot be reached from the tests. Each names the validator's own
 * message; the rules come from its source (github.com/w3c/feedvalidator, src/feedvalidator/:
 * validators.py `nonhtml`, `safeHtml` and `HTMLValidator`; channel.py, item.py, image.py,
 * itunes.py; opml.py). Where the validator needs a table we do not keep (HTML entity names,
 * html5lib's parser), the check here is stricter, never laxer.
 */

// Elements the validator checks as plain text (`nonhtml`), by where they stand.
const CHANNEL_PLAIN_TEXT = ['title', 'description', 'copyright', 'category', 'itunes:author', 'itunes:name', 'itunes:subtitle', 'itunes:summary']
const ITEM_PLAIN_TEXT = ['title', 'category', 'itunes:author', 'itunes:subtitle', 'itunes:summary']
// Elements it checks as HTML (`safeHtml`) that feedwright fills with plain text.
const ITEM_TEXT_AS_HTML = ['description']

/** Every validator warning an RSS 2.0 document would get for the rules above; `[]` when none. */
export async function rssValidatorWarnings (xml: string): Promise<string[]> {
  const warnings: string[] = []
  const firstItem = xml.indexOf('<item>')
  const channel = firstItem === -1 ? xml : xml.slice(0, firstItem)
  const items = [...xml.matchAll(/<item>[\s\S]*?<\/item>/g)].map((match) => match[0])
  for (const [name, raw] of textElements(channel, CHANNEL_PLAIN_TEXT)) warnings.push(...plainTextWarnings(`channel ${name}`, raw))
  items.forEach((item, index) => {
    const where = `item ${index + 1}`
    for (const [name, raw] of textElements(item, ITEM_PLAIN_TEXT)) warnings.push(...plainTextWarnings(`${where} ${name}`, raw))
    for (const [name, raw] of textElements(item, ITEM_TEXT_AS_HTML)) {
      const problem = htmlTextProblem(decodeXml(raw))
      if (problem !== undefined) warnings.push(`${where} ${name}: Invalid HTML: ${problem}`)
    }
    if (!item.includes('<guid')) warnings.push(`${where}: item should contain a guid element`)
    if (item.includes('<content:encoded>') && !/<description>[\s\S]*<content:encoded>/.test(item)) warnings.push(`${where}: Avoid content:encoded without a description that comes first`)
    if ((item.match(/<enclosure\s/g) ?? []).length > 1) warnings.push(`${where}: item contains more than one enclosure`)
  })
  if (!/<atom:link\s[^>]*rel="self"/.test(channel)) warnings.push('channel: Missing atom:link with rel="self"')
  const parsed = (await parseXml(xml)).rss.channel[0] as { title?: string[], link?: string[], image?: Array<{ title?: string[], link?: string[] }> }
  const image = parsed.image?.[0]
  if (image !== undefined && image.title?.[0] !== parsed.title?.[0]) warnings.push('image title: Image title doesn\'t match channel title')
  if (image !== undefined && image.link?.[0] !== parsed.link?.[0]) warnings.push('image link: Image link doesn\'t match channel link')
  return warnings
}

/** The raw (still XML-escaped) text of every `<name>…</name>` holding text only, in `xml`. */
function textElements (xml: string, names: readonly string[]): Array<[string, string]> {
  const element = new RegExp(`<(${names.join('|')})(?:\\s[^>]*)?>([^<]*)</\\1>`, 'g')
  return [...xml.matchAll(element)].map((match) => [match[1]!, match[2]!])
}

/**
 * validators.py `nonhtml`: an end tag means HTML; `&` or `<` before a letter, digit, `#` or `/`
 * (the validator: an HTML entity, a character reference, a tag) is accepted only when the
 * element's lines use hexadecimal references, the RSS Best Practices Profile's encoding.
 */
function plainTextWarnings (where: string, raw: string): string[] {
  const text = decodeXml(raw)
  const tag = /<\/(\w+)>/.exec(text)
  if (tag !== null) return [`${where}: ${where.split(' ').pop()} should not contain HTML: </${tag[1]}>`]
  if (/[&<][#/\w]/.test(text) && !raw.includes('&#x')) return [`${where}: Encode "&" and "<" in plain text using hexadecimal character references`]
  return []
}

/**
 * For text written as HTML: what html5lib (which the validator runs in strict mode) would stop
 * at, or `undefined`. Plain text escaped as HTML holds no `<` at all, and every `&` starts a
 * character reference or stands before a space.
 */
export function htmlTextProblem (html: string): string | undefined {
  const lt = html.indexOf('<')
  if (lt !== -1) return `markup or a bare "<" at "${html.slice(lt, lt + 20)}"`
  const amp = /&(?!(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);|\s|$)/.exec(html)
  if (amp !== null) return `a bare "&" at "${html.slice(amp.index, amp.index + 20)}"`
  return undefined
}

/** XML text to characters: the five predefined entities and character references. */
export function decodeXml (raw: string): string {
  const named: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: '\'' }
  return raw.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, reference: string) => reference.startsWith('#x')
    ? String.fromCodePoint(parseInt(reference.slice(2), 16))
    : reference.startsWith('#') ? String.fromCodePoint(Number(reference.slice(1))) : named[reference]!)
}

const OPML_VERSIONS = ['1.0', '1.1', '2.0']
const OUTLINE_VERSIONS = ['RSS', 'RSS1', 'RSS2', 'scriptingNews']
// validators.py rfc822.rfc2822_re: the form it accepts without a "problematical date" warning.
const RFC_2822_DATE = /^((Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?\d\d? (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d(:\d\d)? ([+-]?\d\d[03]0|UT|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT|Z)$/
const FULL_URI = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/

interface OpmlOutline {
  readonly $?: Readonly<Record<string, string>>
  readonly outline?: readonly OpmlOutline[]
}

/** Every validator warning an OPML document would get from opml.py; `[]` when none. */
export async function opmlValidatorWarnings (xml: string): Promise<string[]> {
  const warnings: string[] = []
  const opml = (await parseXml(xml)).opml as { $?: Record<string, string>, head?: Array<Record<string, string[]>>, body?: Array<{ outline?: OpmlOutline[] }> } | undefined
  if (opml === undefined) return ['the root element is not opml']
  if (!OPML_VERSIONS.includes(opml.$?.version ?? '')) warnings.push(`opml: version "${opml.$?.version}" is not 1.0, 1.1 or 2.0`)
  const head = opml.head?.[0]
  if (head === undefined) warnings.push('opml: Missing opml element: head')
  for (const name of ['title', 'ownerName']) {
    for (const value of head?.[name] ?? []) {
      const problem = htmlTextProblem(value)
      if (problem !== undefined) warnings.push(`head ${name}: Invalid HTML: ${problem}`)
    }
  }
  for (const date of [...head?.dateModified ?? [], ...head?.dateCreated ?? []]) {
    if (!RFC_2822_DATE.test(date)) warnings.push(`head: "${date}" is not an RFC 2822 date`)
  }
  const outlines = opml.body?.[0]?.outline ?? []
  if (outlines.length === 0) warnings.push('body: Missing body element: outline')
  const visit = (outline: OpmlOutline, where: string): void => {
    const attributes = outline.$ ?? {}
    const names = Object.keys(attributes)
    if (attributes.text === undefined) warnings.push(`${where}: Missing outline attribute: text`)
    const type = attributes.type
    if (type !== undefined) {
      if (type.toLowerCase() === 'rss') {
        if (attributes.xmlUrl === undefined) warnings.push(`${where}: Missing outline attribute: xmlUrl`)
        if (attributes.title === undefined) warnings.push(`${where}: Missing outline attribute: title`)
      } else if (type.toLowerCase() === 'link') {
        if (attributes.url === undefined) warnings.push(`${where}: Missing outline attribute: url`)
      } else {
        warnings.push(`${where}: type "${type}" is not rss or link`)
      }
    }
    if (attributes.version !== undefined && !OUTLINE_VERSIONS.includes(attributes.version)) {
      warnings.push(`${where}: version "${attributes.version}": value must be RSS, RSS1, RSS2, or scriptingNews`)
    }
    if (names.length > 1 && type === undefined && ['description', 'htmlUrl', 'language', 'title', 'version', 'xmlUrl'].some((name) => names.includes(name))) {
      warnings.push(`${where}: outline does not have a type attribute`)
    }
    for (const name of ['text', 'title', 'description']) {
      const problem = attributes[name] === undefined ? undefined : htmlTextProblem(attributes[name])
      if (problem !== undefined) warnings.push(`${where} ${name}: Invalid HTML: ${problem}`)
    }
    for (const name of ['htmlUrl', 'xmlUrl', 'url']) {
      if (attributes[name] !== undefined && !FULL_URI.test(attributes[name])) warnings.push(`${where} ${name}: "${attributes[name]}" is not a full URI`)
    }
    for (const [index, child] of (outline.outline ?? []).entries()) visit(child, `${where} > outline ${index + 1}`)
  }
  outlines.forEach((outline, index) => visit(outline, `outline ${index + 1}`))
  return warnings
}
