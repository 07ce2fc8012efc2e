import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import t from 'tap'
import { Agent } from 'undici'
import { loadPublication } from '../../src/content/load-publication.ts'
import { importFeed } from '../../src/import/import-feed.ts'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { publish, type Published } from '../../src/publish/publish.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication, makeTempDir, publicationDirs, type TestWithTeardown } from '../helpers.ts'

t.setTimeout(180_000)

type Dirs = { contentDir: string, mediaDir: string }

/** One item as a subscriber sees it: what must survive moving to feedwright and back. */
interface SeenItem {
  readonly id: string
  readonly date: string
  readonly enclosure?: string
  readonly body: string
  /** Podcast feeds: the transcript and chapters files. */
  readonly files?: string
}

/** Serves a publication in-process on a real local port, its URLs built from that port. */
async function serve (t: TestWithTeardown, dirs: Dirs): Promise<{ baseUrl: string, published: Published }> {
  const now = new Date()
  const store = createSnapshotStore((await loadSnapshot({ ...dirs, baseUrl: 'http://127.0.0.1/' }, { now })).snapshot)
  const app = await buildApp({ store })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => await app.close())
  const baseUrl = `http://127.0.0.1:${(app.server.address() as { port: number }).port}/`
  const { snapshot } = await loadSnapshot({ ...dirs, baseUrl }, { now })
  store.replace(snapshot)
  return { baseUrl, published: snapshot.published }
}

// Markup differences that no reader shows: white space between tags, self-closing slashes.
function normalize (html: string | undefined): string {
  return (html ?? '').replace(/\s*\/>/g, '>').replace(/>\s+</g, '><').replace(/\s+/g, ' ').trim()
}

/** Every item of a feed and its archive pages, read with feedsmith, following prev-archive and next_url. */
function itemsOf (published: Published, feedUrl: string): SeenItem[] {
  const items: SeenItem[] = []
  let url: string | undefined = feedUrl
  const seen = new Set<string>()
  while (url !== undefined && !seen.has(url)) {
    seen.add(url)
    const file = [...published.files.values()].find((candidate) => candidate.url === url)
    if (file === undefined) throw new Error(`nothing published at ${url}`)
    const text = file.representations.identity.body!.toString('utf8')
    if (url.endsWith('.json')) {
      const feed = parseJsonFeed(JSON.parse(text))
      for (const item of feed.items ?? []) {
        const attachment = item.attachments?.[0]
        items.push({ id: String(item.id), date: String(item.date_published), enclosure: attachment === undefined ? undefined : `${attachment.url} ${String(attachment.size_in_bytes)} ${attachment.mime_type}`, body: normalize(item.content_html) })
      }
      url = feed.next_url
    } else if (text.includes('<feed')) {
      const feed = parseAtomFeed(text)
      for (const entry of feed.entries ?? []) {
        const enclosure = entry.links?.find((link) => link.rel === 'enclosure')
        items.push({ id: String(entry.id), date: String(entry.published), enclosure: enclosure === undefined ? undefined : `${enclosure.href} ${String(enclosure.length)} ${String(enclosure.type)}`, body: normalize(typeof entry.content === 'string' ? entry.content : (entry.content as { value?: string } | undefined)?.value) })
      }
      url = feed.links?.find((link) => link.rel === 'prev-archive')?.href
    } else {
      const feed = parseRssFeed(text)
      for (const item of feed.items ?? []) {
        const enclosure = item.enclosures?.[0]
        const files = [...(item.podcast?.transcripts ?? []).map((file) => `${file.url} ${file.type}`), item.podcast?.chapters?.url].filter((file) => file !== undefined).join(' ')
        items.push({ id: String(item.guid?.value), date: String(item.pubDate), enclosure: enclosure === undefined ? undefined : `${enclosure.url} ${String(enclosure.length)} ${String(enclosure.type)}`, body: normalize(item.content?.encoded), ...(files === '' ? {} : { files }) })
      }
      url = feed.atom?.links?.find((link) => link.rel === 'prev-archive')?.href
    }
  }
  return items
}

/** The minimal fixture plus 45 weekly issues: with feed_size 20, every feed has archive pages. */
async function publicationWithArchives (t: TestWithTeardown): Promise<Dirs> {
  const dirs = await copyPublication(t, 'minimal')
  for (let n = 1; n <= 45; n++) {
    const date = new Date(Date.UTC(2023, 0, 1) + n * 7 * 86_400_000).toISOString()
    await writeFile(path.join(dirs.contentDir, 'issues', `week-${n}.md`), `---\ntitle: "Week ${n}: notes & links"\ndate: ${date}\nsummary: Number ${n}.\ntags: [weekly]\n---\nText of week ${n}, with a [link](https://example.com/${n}) and *emphasis*.\n\n- one\n- two\n`)
  }
  return dirs
}

const PUBLICATIONS: ReadonlyArray<[string, (t: TestWithTeardown) => Promise<Dirs>]> = [
  ['the sample', async () => publicationDirs('sample')],
  ['a publication with archives', publicationWithArchives]
]

for (const [name, make] of PUBLICATIONS) {
  for (const feed of ['feed.xml', 'atom.xml', 'feed.json', 'podcast.xml']) {
    t.test(`importing ${feed} of ${name} and building again gives the same items, ids, dates, enclosures and bodies`, async (t) => {
      const original = await serve(t, await make(t))
      const dir = await makeTempDir(t, 'round-trip')
      const imported = { contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media') }
      const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
      t.teardown(async () => await dispatcher.close())
      const result = await importFeed({ source: `${original.baseUrl}${feed}`, ...imported, downloadMedia: true, dispatcher })
      t.ok(result.documents.length > (name === 'the sample' ? 0 : 1) || feed === 'podcast.xml', `read ${result.documents.length} documents`)
      const rebuilt = await publish((await loadPublication({ ...imported, baseUrl: original.baseUrl })).publication)
      const feedUrl = `${original.baseUrl}${feed}`
      const before = itemsOf(original.published, feedUrl)
      const after = itemsOf(rebuilt, feedUrl)
      t.ok(before.length > 0)
      t.same(after.map((item) => item.id), before.map((item) => item.id), 'the same items, in the same order, with the same ids')
      t.same(after, before, 'with the same dates, enclosures, bodies, transcripts and chapters')
      if (feed === 'podcast.xml') t.ok(before.some((item) => item.files !== undefined), 'transcripts and chapters were compared')
    })
  }
}
