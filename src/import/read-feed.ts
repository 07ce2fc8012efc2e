import { ImportError } from '../errors.ts'
import { decodeFeedBytes } from './decode-text.ts'
import type { ImportedFeed } from './imported-feed.ts'
import { readJsonFeed } from './parse-json-feed.ts'
import { readXmlFeed } from './parse-xml-feed.ts'
import { parseXmlTree, XmlSyntaxError } from './xml-tree.ts'

/**
 * Reads a feed from its bytes, whatever the URL or Content-Type claimed: JSON Feed when the text
 * is a JSON object, otherwise XML whose root says RSS 2.0, RSS 1.0 or Atom 1.0.
 * `documentUrl` is the base for relative URLs (after redirects); undefined for a local file.
 */
export async function readFeed (bytes: Uint8Array, source: string, documentUrl: string | undefined, headerCharset?: string): Promise<ImportedFeed> {
  const text = decodeFeedBytes(bytes, headerCharset)
  const start = text.replace(/^\uFEFF/, '').trimStart()
  if (start.startsWith('{')) {
    let json: unknown
    try {
      json = JSON.parse(start)
    } catch (error) {
      throw new ImportError(`${source}: looks like JSON but is not valid JSON: ${(error as Error).message}`, 'FEEDWRIGHT_IMPORT_FORMAT')
    }
    const feed = typeof json === 'object' && json !== null ? readJsonFeed(json as Record<string, unknown>, source, documentUrl) : undefined
    if (feed === undefined) throw new ImportError(`${source}: is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")`, 'FEEDWRIGHT_IMPORT_FORMAT')
    return feed
  }
  if (!start.startsWith('<')) throw new ImportError(`${source}: is not a feed: it starts with "${start.slice(0, 40)}"`, 'FEEDWRIGHT_IMPORT_FORMAT')
  let parsed
  try {
    parsed = await parseXmlTree(start, documentUrl)
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new ImportError(`${source}: is not well-formed XML: ${error.message}`, 'FEEDWRIGHT_IMPORT_FORMAT')
    throw error
  }
  const notes = parsed.lenient ? ['the document is not well-formed XML (HTML entities or stray "&" and "<"): it was read leniently, as feed readers do; check the imported text'] : []
  const feed = readXmlFeed(parsed.root, source, notes)
  if (feed === undefined) {
    const html = parsed.root.name === 'html' || parsed.root.name.endsWith(':html')
    throw new ImportError(`${source}: is not RSS 2.0, RSS 1.0, Atom 1.0 or JSON Feed (its root element is <${parsed.root.name}>)${html ? '; it is a web page: give the address of its feed instead' : ''}`, 'FEEDWRIGHT_IMPORT_FORMAT')
  }
  return feed
}
