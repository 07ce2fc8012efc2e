import xml2js from 'xml2js'
import { escapeHtml } from '../model/text.ts'

/**
 * An XML element with names made independent of the prefixes a feed chose: every name is
 * `prefix:local` with our prefix for its namespace URI (`itunes:image` whatever the feed called
 * it), lower-cased, and elements without a namespace, or in RSS 1.0's, are bare (`title`).
 */
export interface XmlNode {
  readonly name: string
  readonly attrs: Readonly<Record<string, string>>
  readonly children: readonly XmlNode[]
  /** The text of the element and its descendants, trimmed. */
  readonly text: string
  /** The URL relative references in it resolve against: xml:base on it or its ancestors, else the document's. */
  readonly base: string | undefined
  /** The nodes in document order, text included, for xhtml content. */
  readonly mixed: ReadonlyArray<XmlNode | string>
}

const PREFIXES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom03',
  'http://purl.org/rss/1.0/': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'https://podcastindex.org/namespace/1.0': 'podcast',
  'https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md': 'podcast',
  'http://search.yahoo.com/mrss/': 'media',
  'http://purl.org/syndication/history/1.0': 'fh',
  'http://www.w3.org/xml/1998/namespace': 'xml',
  'http://www.google.com/schemas/play-podcasts/1.0': 'googleplay',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://wellformedweb.org/commentapi/': 'wfw',
  'http://purl.org/rss/1.0/modules/slash/': 'slash',
  'http://www.spotify.com/ns/rss': 'spotify'
}

/** Why a document could not be read as XML, with the parser's line. */
export class XmlSyntaxError extends Error {
  override name = 'XmlSyntaxError'
}

/**
 * Parses XML into {@link XmlNode}s. Strictly first; a document that is not well-formed (HTML
 * entities such as `&nbsp;`, a stray `&`) is read again leniently, as feed readers do, and
 * `lenient` says so.
 */
export async function parseXmlTree (text: string, documentUrl: string | undefined): Promise<{ root: XmlNode, lenient: boolean }> {
  const options = { xmlns: true, explicitChildren: true, preserveChildrenOrder: true, charsAsChildren: true, includeWhiteChars: true, explicitCharkey: true, explicitRoot: false }
  try {
    return { root: toNode(await xml2js.parseStringPromise(text, { ...options, strict: true }), documentUrl), lenient: false }
  } catch (strictError) {
    try {
      return { root: toNode(await xml2js.parseStringPromise(text, { ...options, strict: false, normalizeTags: true }), documentUrl), lenient: true }
    } catch {
      throw new XmlSyntaxError(String((strictError as Error).message).split('\n').join(' '))
    }
  }
}

interface RawNode {
  '#name': string
  _?: string
  $?: Record<string, { name: string, value: string, local: string, uri: string }>
  $ns?: { uri: string, local: string }
  $$?: RawNode[]
}

function toNode (raw: RawNode, parentBase: string | undefined): XmlNode {
  const attrs: Record<string, string> = {}
  for (const attribute of Object.values(raw.$ ?? {})) {
    if (attribute.name.startsWith('xmlns')) continue
    attrs[canonicalName(attribute.uri, attribute.local)] = attribute.value
  }
  const base = attrs['xml:base'] === undefined ? parentBase : resolveUrl(attrs['xml:base'], parentBase) ?? parentBase
  const mixed: Array<XmlNode | string> = []
  for (const child of raw.$$ ?? []) {
    if (child['#name'] === '__text__') mixed.push(child._ ?? '')
    else mixed.push(toNode(child, base))
  }
  const children = mixed.filter((item): item is XmlNode => typeof item !== 'string')
  return {
    name: canonicalName(raw.$ns?.uri ?? '', raw.$ns?.local ?? raw['#name']),
    attrs,
    children,
    text: textContent(mixed).trim(),
    base,
    mixed
  }
}

function canonicalName (uri: string, local: string): string {
  const key = uri.toLowerCase()
  const prefix = PREFIXES[key] ?? (key === '' ? '' : `{${uri}}`)
  return (prefix === '' ? local : `${prefix}:${local}`).toLowerCase()
}

function textContent (mixed: ReadonlyArray<XmlNode | string>): string {
  return mixed.map((item) => typeof item === 'string' ? item : textContent(item.mixed)).join('')
}

/** The first child with this name. */
export function childOf (node: XmlNode | undefined, name: string): XmlNode | undefined {
  return node?.children.find((child) => child.name === name)
}

/** Every child with this name. */
export function childrenOf (node: XmlNode | undefined, name: string): XmlNode[] {
  return node?.children.filter((child) => child.name === name) ?? []
}

/** The trimmed text of the first child with one of these names that has any. */
export function textOf (node: XmlNode | undefined, ...names: string[]): string | undefined {
  for (const name of names) {
    const text = childrenOf(node, name).find((child) => child.text !== '')?.text
    if (text !== undefined) return text
  }
  return undefined
}

/** Serializes an Atom `type="xhtml"` element's content (its inner div's children) back to HTML. */
export function xhtmlOf (node: XmlNode): string {
  const div = node.children.length === 1 && node.children[0]!.name === 'xhtml:div' ? node.children[0]! : node
  return div.mixed.map(serialize).join('').trim()
}

const VOID_ELEMENTS = new Set(['area', 'br', 'col', 'embed', 'hr', 'img', 'input', 'source', 'track', 'wbr'])

function serialize (item: XmlNode | string): string {
  if (typeof item === 'string') return escapeHtml(item)
  const name = item.name.replace(/^xhtml:/, '')
  const attributes = Object.entries(item.attrs).map(([key, value]) => ` ${key}="${escapeHtml(value)}"`).join('')
  // An HTML parser reads </br> as a second <br>: void elements get no end tag.
  if (VOID_ELEMENTS.has(name)) return `<${name}${attributes}>`
  return `<${name}${attributes}>${item.mixed.map(serialize).join('')}</${name}>`
}

/** Resolves a URL reference against a base; undefined when it cannot be made absolute. */
export function resolveUrl (reference: string | undefined, base: string | undefined): string | undefined {
  if (reference === undefined || reference.trim() === '') return undefined
  try {
    return new URL(reference.trim(), base).href
  } catch {
    return undefined
  }
}
