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

const INDENT = '  '

// No CDATA: xml2js escapes only the first "]]>" inside one, while escaped text (&lt; &gt; &amp;)
// is well-formed whatever the content holds, and every feed reader decodes it the same way.
// The declaration is set explicitly because xml2js's default adds standalone="yes".
const builder = new xml2js.Builder({
  xmldec: { version: '1.0', encoding: 'UTF-8' },
  renderOpts: { pretty: true, indent: INDENT, newline: '\n' },
  cdata: false
})

/** Serializes one document: drops absent values, removes XML-forbidden characters, ends with a newline. */
export function renderXml (root: Record<string, XmlElement>): string {
  return `${builder.buildObject(prune(root))}\n`
}

/** Where a feed's items go in its document: the last children of the element `name`, nested `depth` deep (the root is 0). */
export interface ItemsPlace {
  readonly name: string
  readonly depth: number
}

/**
 * Serializes one document as renderXml does, with `items` (each made by renderXmlItem for the same
 * place) as the last children of the element the place names: the bytes are those of renderXml
 * given every item in the tree, but an item can be rendered once and used in many documents.
 * `finish` rewrites the document around the items (whatever the items need, they had when rendered).
 */
export function renderXmlWithItems (root: Record<string, XmlElement>, place: ItemsPlace, items: readonly string[], finish: (xml: string) => string = (xml) => xml): string {
  const frame = finish(builder.buildObject(prune(root)))
  if (items.length === 0) return `${frame}\n`
  const closing = `\n${INDENT.repeat(place.depth)}</${place.name}>`
  const at = frame.lastIndexOf(closing)
  if (at === -1) throw new Error(`renderXmlWithItems: the document has no element ${place.name} with children to add items to`)
  return `${frame.slice(0, at)}\n${items.join('\n')}${frame.slice(at)}\n`
}

/** One item of a feed, serialized on its own as renderXmlWithItems places it: indented one level below the place. */
export function renderXmlItem (name: string, element: XmlElement, place: ItemsPlace): string {
  return itemBuilder(place.depth + 1).buildObject({ [name]: prune(element) })
}

// xmlbuilder indents every line it writes by `offset` levels more, and never the text inside an
// element, so an item serialized on its own at its depth is byte for byte the same as in its document.
const itemBuilders = new Map<number, xml2js.Builder>()
function itemBuilder (depth: number): xml2js.Builder {
  let made = itemBuilders.get(depth)
  if (made === undefined) {
    made = new xml2js.Builder({ headless: true, renderOpts: { pretty: true, indent: INDENT, newline: '\n', offset: depth } as xml2js.RenderOptions, cdata: false })
    itemBuilders.set(depth, made)
  }
  return made
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
