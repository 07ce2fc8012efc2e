import { createDocument } from '@mixmark-io/domino'
import TurndownService from 'turndown'

// Turndown needs a DOM; in Node it uses domino, the DOM it ships with, which we also use to
// make links absolute first. Markdown as feedwright's own files are written: ATX headings,
// fenced code, "-" bullets. Tables and a few inline tags have no Markdown (marked has tables,
// but turndown's table plugin is unmaintained), so they stay HTML, which the loader sanitizes.
const turndown = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' })
turndown.keep(['table', 'sup', 'sub', 'del', 'ins'])
turndown.remove(['script', 'style', 'noscript'])
// An embedded player (YouTube, Spotify, a podcast host's) becomes a link to it: the loader drops frames.
turndown.addRule('embedded frames', {
  filter: ['iframe'],
  replacement: (_content, node) => {
    const src = (node as Element).getAttribute('src')
    return src === null || src === '' ? '' : `\n\n<${src}>\n\n`
  }
})

const URL_ATTRIBUTES: ReadonlyArray<[string, string]> = [['a', 'href'], ['img', 'src'], ['iframe', 'src'], ['audio', 'src'], ['video', 'src'], ['source', 'src']]

/** Parses an HTML fragment with every link, image and frame address made absolute against `base`. */
function parseWithAbsoluteUrls (html: string, base: string | undefined): Document {
  const document = createDocument(`<!doctype html><html><body>${html}</body></html>`)
  for (const [tag, attribute] of URL_ATTRIBUTES) {
    for (const element of Array.from(document.body.getElementsByTagName(tag))) {
      const value = element.getAttribute(attribute)
      if (value === null || value.startsWith('#')) continue
      try {
        element.setAttribute(attribute, new URL(value.trim(), base).href)
      } catch {
        // Not resolvable (no base, or not a URL at all): left as it is, the loader reports what it must.
      }
    }
    // srcset candidates are relative too, and src is enough for every reader.
    for (const element of Array.from(document.body.getElementsByTagName(tag))) element.removeAttribute('srcset')
  }
  return document
}

/** The episode's YouTube and Spotify pages, and the body without the links paragraph feedwright itself appends. */
export interface BodyParts {
  readonly markdown: string
  readonly youtube?: string
  readonly spotify?: string
}

/**
 * Converts an item's HTML body to Markdown with absolute links and images, and picks out the
 * YouTube and Spotify pages it links to. A last paragraph holding only those links (what every
 * feedwright feed appends, and many hosts too) is removed, since the episode fields bring it back.
 */
export function convertBody (html: string, base: string | undefined): BodyParts {
  const document = parseWithAbsoluteUrls(html, base)
  const links = Array.from(document.body.getElementsByTagName('a')).map((a) => a.getAttribute('href') ?? '')
  const youtube = links.find((href) => /^https:\/\/(www\.)?(youtube\.com\/watch\?|youtu\.be\/)/.test(href))
  const spotify = links.find((href) => /^https:\/\/open\.spotify\.com\/episode\//.test(href))
  const last = document.body.lastElementChild
  if (last?.tagName === 'P' && last.children.length > 0 && Array.from(last.children).every((child) => child.tagName === 'A' && [youtube, spotify].includes(child.getAttribute('href') ?? undefined)) &&
    (last.textContent ?? '').replace(/Watch on YouTube|Listen on Spotify|[·|\s]/g, '') === '') {
    last.remove()
  }
  return { markdown: turndown.turndown(document.body).trim(), youtube, spotify }
}

/** The text of an HTML fragment: entities decoded, tags dropped, white space collapsed. */
export function htmlToText (html: string): string {
  const document = createDocument(`<!doctype html><html><body>${html}</body></html>`)
  for (const element of Array.from(document.body.querySelectorAll('script, style'))) element.remove()
  return (document.body.textContent ?? '').replace(/\s+/g, ' ').trim()
}

/** Whether a text holds HTML markup (tags or entities) rather than plain text. */
export function looksLikeHtml (text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text)
}
