import xml2js from 'xml2js'
import { removeXmlForbiddenCharacters } from '../model/text.ts'

/** Namespace URIs, declared once here so every feed declares exactly what it uses. */
export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  content: 'http://purl.org/rss/1.0/modules/content/',
  dc: 'http://purl.org/dc/elements/1.1/',
  fh: 'http://purl.org/syndication/history/1.0',
  itunes: 'http://www.itunes.com/dtds/podcast-1.0.dtd',
  podcast: 'https://podcastindex.org/namespace/1.0'
} as const

/** An XML element as xml2js builds it: child elements by name, `$` for attributes, `_` for text. */
export interface XmlElement {
  readonly $?: Readonly<Record<string, string | number | undefined>>
  readonly _?: string
  readonly [child: string]: XmlNode
}

/** A value in the tree; `undefined` and empty lists mean the element is left out. */
export type XmlNode = string | number | XmlElement | readonly XmlNode[] | Readonly<Record<string, string | number | undefined>> | undefined

// No CDATA: xml2js escapes only the first "]]>" inside one, while escaped text (&lt; &gt; &amp;)
// is well-formed whatever the content holds, and every feed reader decodes it the same way.
// The declaration is set explicitly because xml2js's default adds standalone="yes".
const builder = new xml2js.Builder({
  xmldec: { version: '1.0', encoding: 'UTF-8' },
  renderOpts: { pretty: true, indent: '  ', newline: '\n' },
  cdata: false
})

/** Serializes one document: drops absent values, removes XML-forbidden characters, ends with a newline. */
export function renderXml (root: Record<string, XmlElement>): string {
  return `${builder.buildObject(prune(root))}\n`
}

function prune (node: XmlNode): unknown {
  if (node === undefined) return undefined
  if (typeof node === 'string') return removeXmlForbiddenCharacters(node)
  if (typeof node === 'number') return String(node)
  if (Array.isArray(node)) {
    const items = node.map(prune).filter((item) => item !== undefined)
    return items.length === 0 ? undefined : items
  }
  const entries = Object.entries(node)
    .map(([key, value]) => [key, prune(value as XmlNode)] as const)
    .filter(([, value]) => value !== undefined)
  return entries.length === 0 ? undefined : Object.fromEntries(entries)
}

/** An element with attributes only (`<enclosure url=… />`). */
export function attributes (values: Record<string, string | number | undefined>): XmlElement {
  return { $: values }
}

/** An element with text and attributes (`<guid isPermaLink="false">…</guid>`). */
export function textWithAttributes (text: string, values: Record<string, string | number | undefined>): XmlElement {
  return { _: text, $: values }
}
