import xml2js from 'xml2js'

/**
 * RFC 4287 (The Atom Syndication Format) conformance, checked over the parsed document: every
 * MUST of the format's prose that a document can break, written here from the RFC's sections
 * (cited in each message), so the tests need nothing outside the repository. Beyond the MUSTs,
 * one SHOULD feedwright always keeps is enforced as if it were a MUST: content with `src` gives
 * its `type` (§4.1.3.1).
 */

const ATOM = 'http://www.w3.org/2005/Atom'
const XHTML = 'http://www.w3.org/1999/xhtml'
const XML = 'http://www.w3.org/XML/1998/namespace'
const XMLNS = 'http://www.w3.org/2000/xmlns/'

/** An element as the checks see it: namespace and local name, its own attributes, children, text. */
interface Element {
  readonly ns: string
  readonly local: string
  /** Attributes without a namespace by name, plus `xml:lang` and `xml:base`; namespace declarations left out. */
  readonly attributes: ReadonlyMap<string, string>
  /** Attributes in other namespaces (extension attributes), allowed anywhere. */
  readonly foreignAttributes: number
  readonly children: readonly Element[]
  /** The element's own character data, children's left out. */
  readonly text: string
}

interface Xml2jsNode {
  readonly $?: Record<string, { value: string, prefix: string, local: string, uri: string }>
  readonly $ns?: { uri: string, local: string }
  readonly $$?: Xml2jsNode[]
  readonly _?: string
}

function toElement (node: Xml2jsNode): Element {
  const attributes = new Map<string, string>()
  let foreignAttributes = 0
  for (const attribute of Object.values(node.$ ?? {})) {
    if (attribute.uri === XMLNS || attribute.prefix === 'xmlns' || (attribute.prefix === '' && attribute.local === 'xmlns')) continue
    if (attribute.uri === '') attributes.set(attribute.local, attribute.value)
    else if (attribute.uri === XML) attributes.set(`xml:${attribute.local}`, attribute.value)
    else foreignAttributes++
  }
  return { ns: node.$ns?.uri ?? '', local: node.$ns?.local ?? '', attributes, foreignAttributes, children: (node.$$ ?? []).map(toElement), text: node._ ?? '' }
}

/**
 * Every way an Atom Feed or Entry Document breaks RFC 4287, one line each
 * (`feed > entry 2: has no atom:author, and neither has the feed (RFC 4287 §4.1.2)`); `[]` when it conforms.
 */
export async function atomConformanceProblems (xml: string): Promise<string[]> {
  let root: Xml2jsNode
  try {
    root = await xml2js.parseStringPromise(xml, { xmlns: true, explicitChildren: true, preserveChildrenOrder: true, explicitRoot: false, strict: true })
  } catch (error) {
    return [`not well-formed XML: ${(error as Error).message.split('\n')[0]} (RFC 4287 §2)`]
  }
  const problems: string[] = []
  const document = toElement(root)
  if (document.ns === ATOM && document.local === 'feed') checkFeed(problems, document, 'feed')
  else if (document.ns === ATOM && document.local === 'entry') checkEntry(problems, document, 'entry', false)
  else problems.push(`the root element is {${document.ns}}${document.local}, not atom:feed or atom:entry (RFC 4287 §2)`)
  return problems
}

/** Checks one element found at `where`, adding what is wrong to `problems`. */
type Rule = (problems: string[], element: Element, where: string) => void

function report (problems: string[], where: string, what: string, section: string): void {
  problems.push(`${where}: ${what} (RFC 4287 §${section})`)
}

/** §4.1.1 atom:feed. */
function checkFeed (problems: string[], feed: Element, where: string): void {
  checkAttributes(problems, feed, where, [])
  checkChildren(problems, feed, where, FEED_METADATA, ['entry'])
  checkCounts(problems, feed, where, ['id', 'title', 'updated'], ['generator', 'icon', 'logo', 'rights', 'subtitle'], '4.1.1')
  checkAlternates(problems, feed, where, '4.1.1')
  const feedHasAuthor = atom(feed, 'author').length > 0
  atom(feed, 'entry').forEach((entry, index) => checkEntry(problems, entry, `${where} > entry ${index + 1}`, feedHasAuthor))
}

/** §4.1.2 atom:entry; `feedHasAuthor` when it stands in a feed whose own atom:author covers it. */
function checkEntry (problems: string[], entry: Element, where: string, feedHasAuthor: boolean): void {
  checkAttributes(problems, entry, where, [])
  checkChildren(problems, entry, where, {
    author: checkPerson,
    category: checkCategory,
    content: checkContent,
    contributor: checkPerson,
    id: checkId,
    link: checkLink,
    published: checkDate,
    rights: checkText,
    source: checkSource,
    summary: checkText,
    title: checkText,
    updated: checkDate
  })
  checkCounts(problems, entry, where, ['id', 'title', 'updated'], ['content', 'published', 'rights', 'source', 'summary'], '4.1.2')
  checkAlternates(problems, entry, where, '4.1.2')
  const sourceHasAuthor = atom(entry, 'source').some((source) => atom(source, 'author').length > 0)
  if (atom(entry, 'author').length === 0 && !sourceHasAuthor && !feedHasAuthor) {
    report(problems, where, 'has no atom:author, and neither has its atom:source nor the feed', '4.1.2')
  }
  const [content] = atom(entry, 'content')
  if (content === undefined && !atom(entry, 'link').some((link) => (link.attributes.get('rel') ?? 'alternate') === 'alternate')) {
    report(problems, where, 'has neither atom:content nor an atom:link with rel="alternate"', '4.1.2')
  }
  if (content !== undefined && atom(entry, 'summary').length === 0) {
    const type = content.attributes.get('type') ?? 'text'
    if (content.attributes.has('src')) report(problems, where, 'has atom:content with src but no atom:summary', '4.1.2')
    else if (isMediaType(type) && !isXmlMediaType(type) && !type.toLowerCase().startsWith('text/')) report(problems, where, `has Base64 atom:content (type="${type}") but no atom:summary`, '4.1.2')
  }
}

/** §4.2.11 atom:source: the feed's metadata, no entries. */
const checkSource: Rule = (problems, source, where) => {
  checkAttributes(problems, source, where, [])
  checkChildren(problems, source, where, FEED_METADATA)
  checkCounts(problems, source, where, [], ['generator', 'icon', 'id', 'logo', 'rights', 'subtitle', 'title', 'updated'], '4.2.11')
}

/** Each child in the Atom namespace is one the element may hold, and conforms; foreign children are extensions (§6.4). */
function checkChildren (problems: string[], element: Element, where: string, rules: Readonly<Record<string, Rule>>, handledElsewhere: readonly string[] = []): void {
  const seen = new Map<string, number>()
  for (const child of element.children) {
    if (child.ns !== ATOM) continue
    const index = (seen.get(child.local) ?? 0) + 1
    seen.set(child.local, index)
    const rule = rules[child.local]
    if (rule !== undefined) rule(problems, child, `${where} > ${child.local}${index > 1 ? ` ${index}` : ''}`)
    else if (!handledElsewhere.includes(child.local)) report(problems, where, `atom:${child.local} is not allowed in atom:${element.local}`, '4.1, 6.2')
  }
}

function checkCounts (problems: string[], element: Element, where: string, exactlyOne: readonly string[], atMostOne: readonly string[], section: string): void {
  for (const name of exactlyOne) {
    const found = atom(element, name).length
    if (found !== 1) report(problems, where, `has ${found} atom:${name} elements; it must have exactly one`, section)
  }
  for (const name of atMostOne) {
    const found = atom(element, name).length
    if (found > 1) report(problems, where, `has ${found} atom:${name} elements; it may have one at most`, section)
  }
}

/** No two alternate links with the same type and hreflang (§4.1.1, §4.1.2). */
function checkAlternates (problems: string[], element: Element, where: string, section: string): void {
  const seen = new Set<string>()
  for (const link of atom(element, 'link')) {
    if ((link.attributes.get('rel') ?? 'alternate') !== 'alternate') continue
    const key = `type="${link.attributes.get('type') ?? ''}" hreflang="${link.attributes.get('hreflang') ?? ''}"`
    if (seen.has(key)) report(problems, where, `has more than one atom:link rel="alternate" with ${key}`, section)
    seen.add(key)
  }
}

/** §2: xml:base and xml:lang on any element; attributes without a namespace only where the RFC defines them. */
function checkAttributes (problems: string[], element: Element, where: string, allowed: readonly string[]): void {
  for (const [name, value] of element.attributes) {
    if (name === 'xml:lang') {
      if (value !== '' && !LANGUAGE_TAG.test(value)) report(problems, where, `xml:lang "${value}" is not a language tag`, '2')
    } else if (name === 'xml:base') {
      if (!isIriReference(value)) report(problems, where, `xml:base "${value}" is not an IRI reference`, '2')
    } else if (!allowed.includes(name)) {
      report(problems, where, `attribute ${name} is not defined on atom:${element.local}`, '2, 6.4')
    }
  }
}

function checkNoChildElements (problems: string[], element: Element, where: string, section: string): void {
  if (element.children.length > 0) report(problems, where, `must not contain child elements (found ${element.children[0]!.local})`, section)
}

/** §3.1 Text constructs: title, subtitle, summary, rights. */
const checkText: Rule = (problems, element, where) => {
  checkAttributes(problems, element, where, ['type'])
  const type = element.attributes.get('type') ?? 'text'
  if (type === 'text') checkNoChildElements(problems, element, where, '3.1.1.1')
  else if (type === 'html') checkNoChildElements(problems, element, where, '3.1.1.2')
  else if (type === 'xhtml') checkXhtmlDiv(problems, element, where, '3.1.1.3')
  else report(problems, where, `type="${type}" is not text, html or xhtml`, '3.1.1')
}

/** §3.1.1.3, §4.1.3.3: exactly one xhtml:div child, and no text beside it. */
function checkXhtmlDiv (problems: string[], element: Element, where: string, section: string): void {
  const [div, ...others] = element.children
  if (div === undefined || others.length > 0 || div.ns !== XHTML || div.local !== 'div' || element.text.trim() !== '') {
    report(problems, where, 'xhtml content must be a single xhtml:div element', section)
  }
}

/** §3.2 Person constructs: author, contributor. */
const checkPerson: Rule = (problems, person, where) => {
  checkAttributes(problems, person, where, [])
  checkChildren(problems, person, where, {
    name: (problems, name, at) => { checkAttributes(problems, name, at, []); checkNoChildElements(problems, name, at, '3.2.1') },
    uri: (problems, uri, at) => {
      checkAttributes(problems, uri, at, [])
      if (!isIriReference(uri.text)) report(problems, at, `"${uri.text}" is not an IRI reference`, '3.2.2')
    },
    email: (problems, email, at) => {
      checkAttributes(problems, email, at, [])
      if (!EMAIL.test(email.text)) report(problems, at, `"${email.text}" is not an e-mail address (addr-spec)`, '3.2.3')
    }
  })
  checkCounts(problems, person, where, ['name'], ['uri', 'email'], '3.2')
}

/** §3.3 Date constructs: published, updated. */
const checkDate: Rule = (problems, element, where) => {
  checkAttributes(problems, element, where, [])
  checkNoChildElements(problems, element, where, '3.3')
  if (!isRfc3339DateTime(element.text)) report(problems, where, `"${element.text}" is not an RFC 3339 date-time with an uppercase T and Z`, '3.3')
}

/** §4.2.6 atom:id: an absolute IRI. */
const checkId: Rule = (problems, element, where) => {
  checkAttributes(problems, element, where, [])
  checkNoChildElements(problems, element, where, '4.2.6')
  if (!isAbsoluteIri(element.text)) report(problems, where, `"${element.text}" is not an absolute IRI`, '4.2.6')
}

/** §4.2.5 atom:icon, §4.2.8 atom:logo: an IRI reference. */
function checkIriElement (section: string): Rule {
  return (problems, element, where) => {
    checkAttributes(problems, element, where, [])
    checkNoChildElements(problems, element, where, section)
    if (!isIriReference(element.text)) report(problems, where, `"${element.text}" is not an IRI reference`, section)
  }
}

/** §4.2.4 atom:generator. */
const checkGenerator: Rule = (problems, element, where) => {
  checkAttributes(problems, element, where, ['uri', 'version'])
  checkNoChildElements(problems, element, where, '4.2.4')
  const uri = element.attributes.get('uri')
  if (uri !== undefined && !isIriReference(uri)) report(problems, where, `uri "${uri}" is not an IRI reference`, '4.2.4')
}

/** §4.2.7 atom:link. */
const checkLink: Rule = (problems, link, where) => {
  checkAttributes(problems, link, where, ['href', 'rel', 'type', 'hreflang', 'title', 'length'])
  const href = link.attributes.get('href')
  if (href === undefined) report(problems, where, 'atom:link must have an href attribute', '4.2.7.1')
  else if (!isIriReference(href)) report(problems, where, `href "${href}" is not an IRI reference`, '4.2.7.1')
  const rel = link.attributes.get('rel')
  if (rel !== undefined && !(SEGMENT_NZ_NC.test(rel) || isAbsoluteIri(rel))) report(problems, where, `rel "${rel}" is neither a registered-style name nor an IRI`, '4.2.7.2')
  const type = link.attributes.get('type')
  if (type !== undefined && !isMediaType(type)) report(problems, where, `type "${type}" is not a MIME media type`, '4.2.7.3')
  const hreflang = link.attributes.get('hreflang')
  if (hreflang !== undefined && !LANGUAGE_TAG.test(hreflang)) report(problems, where, `hreflang "${hreflang}" is not a language tag`, '4.2.7.4')
}

/** §4.2.2 atom:category. */
const checkCategory: Rule = (problems, category, where) => {
  checkAttributes(problems, category, where, ['term', 'scheme', 'label'])
  if (!category.attributes.has('term')) report(problems, where, 'atom:category must have a term attribute', '4.2.2.1')
  const scheme = category.attributes.get('scheme')
  if (scheme !== undefined && !isIriReference(scheme)) report(problems, where, `scheme "${scheme}" is not an IRI`, '4.2.2.2')
}

/** §4.1.3 atom:content. */
const checkContent: Rule = (problems, content, where) => {
  checkAttributes(problems, content, where, ['type', 'src'])
  const type = content.attributes.get('type')
  const src = content.attributes.get('src')
  if (type !== undefined && !['text', 'html', 'xhtml'].includes(type) && !isMediaType(type)) report(problems, where, `type "${type}" is not text, html, xhtml or a MIME media type`, '4.1.3.1')
  if (type !== undefined && /^(multipart|message)\//i.test(type)) {
    report(problems, where, `type "${type}" is a composite media type`, '4.1.3.1')
    return
  }
  if (src !== undefined) {
    if (!isIriReference(src)) report(problems, where, `src "${src}" is not an IRI reference`, '4.1.3.2')
    if (content.children.length > 0 || content.text.trim() !== '') report(problems, where, 'atom:content with src must be empty', '4.1.3.2')
    if (type === undefined) report(problems, where, 'atom:content with src must say its type', '4.1.3.1')
    else if (['text', 'html', 'xhtml'].includes(type)) report(problems, where, `atom:content with src must have a MIME media type, not "${type}"`, '4.1.3.1')
    return
  }
  const kind = type ?? 'text'
  if (kind === 'text' || kind === 'html' || kind.toLowerCase().startsWith('text/')) checkNoChildElements(problems, content, where, '4.1.3.3')
  else if (kind === 'xhtml') checkXhtmlDiv(problems, content, where, '4.1.3.3')
  else if (isXmlMediaType(kind)) {
    if (content.children.length > 1) report(problems, where, `XML content may have one child element, not ${content.children.length}`, '4.1.3.3')
  } else if (content.children.length > 0 || !/^[A-Za-z0-9+/=\s]*$/.test(content.text)) {
    report(problems, where, `content of type "${kind}" must be Base64`, '4.1.3.3')
  }
}

/** What atom:feed and atom:source may hold besides entries (§4.1.1, §4.2.11). */
const FEED_METADATA: Readonly<Record<string, Rule>> = {
  author: checkPerson,
  category: checkCategory,
  contributor: checkPerson,
  generator: checkGenerator,
  icon: checkIriElement('4.2.5'),
  id: checkId,
  link: checkLink,
  logo: checkIriElement('4.2.8'),
  rights: checkText,
  subtitle: checkText,
  title: checkText,
  updated: checkDate
}

/** The element's children in the Atom namespace with that name. */
function atom (element: Element, local: string): Element[] {
  return element.children.filter((child) => child.ns === ATOM && child.local === local)
}

// RFC 3066 language tags (xml:lang, hreflang): primary subtag and subtags of 1 to 8 letters or digits.
const LANGUAGE_TAG = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/
// RFC 2822 addr-spec, dot-atom form (§3.2.3).
const EMAIL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/
// RFC 3987 isegment-nz-nc (a relation name such as "alternate"): no colon, no slash.
const SEGMENT_NZ_NC = /^([\p{L}\p{N}\-._~!$&'()*+,;=@]|%[0-9A-Fa-f]{2})+$/u
const TOKEN = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]+"
const MEDIA_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"]*"))*$`)

/** RFC 3987: characters an IRI may hold (no spaces, controls, `<>"{}|\^` or backquote; `%` only before two hex digits). */
function hasOnlyIriCharacters (value: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return value !== '' && !/[\s\u0000-\u001f\u007f-\u009f<>"{}|\\^`]/u.test(value) && !/%(?![0-9A-Fa-f]{2})/.test(value)
}

function isIriReference (value: string): boolean {
  return hasOnlyIriCharacters(value)
}

function isAbsoluteIri (value: string): boolean {
  return hasOnlyIriCharacters(value) && /^[A-Za-z][A-Za-z0-9+.-]*:[^#]*(#.*)?$/.test(value)
}

function isMediaType (value: string): boolean {
  return MEDIA_TYPE.test(value)
}

/** RFC 3023 XML media types: `…/xml` or `…+xml` (§4.1.3.3). */
function isXmlMediaType (value: string): boolean {
  const essence = value.split(';')[0]!.trim().toLowerCase()
  return essence.endsWith('/xml') || essence.endsWith('+xml')
}

/** RFC 3339 date-time, with the uppercase T and Z RFC 4287 §3.3 requires, naming a real moment. */
function isRfc3339DateTime (value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/.exec(value)
  if (match === null) return false
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number]
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  const offsetOk = match[8] === 'Z' || (Number(match[9]) <= 23 && Number(match[10]) <= 59)
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 60 && offsetOk
}
