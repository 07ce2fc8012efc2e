import { appendFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import type { Publication } from '../../src/model/publication.ts'
import { loadPublication } from '../../src/content/load-publication.ts'
import { publish, type Published } from '../../src/publish/publish.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { indexMedia } from '../../src/publish/media-index.ts'
import { buildApp } from '../../src/server/app.ts'
import { atomConformanceProblems } from '../atom-conformance.ts'
import { copyPublication, parseXml, textOf, type TestWithTeardown } from '../helpers.ts'

const TAGS = ['alignment', 'Künstliche Intelligenz', '機械学習']
const GENERATED = 300

// Generating and publishing a few hundred issues takes a while on a 2-core machine.
t.setTimeout(120_000)

/** The minimal fixture plus 300 generated weekly issues, tagged in turn. */
async function largePublication (t: TestWithTeardown) {
  const dirs = await copyPublication(t, 'minimal')
  for (let n = 1; n <= GENERATED; n++) {
    const date = new Date(Date.UTC(2018, 0, 1) + n * 7 * 86_400_000).toISOString()
    await writeFile(path.join(dirs.contentDir, 'issues', `generated-${String(n).padStart(3, '0')}.md`),
      `---\ntitle: Generated issue ${n}\ndate: ${date}\nsummary: Number ${n}.\ntags: [${JSON.stringify(TAGS[n % TAGS.length])}]\n---\nText of issue ${n}.\n`)
  }
  return dirs
}

async function publishFrom (dirs: { contentDir: string, mediaDir: string }): Promise<Published & { publication: Publication }> {
  const { publication } = await loadPublication(dirs)
  return { ...await publish(publication), publication }
}

function bodyAt (published: Published, url: string): string {
  const file = [...published.files.values()].find((candidate) => candidate.url === url)
  if (file === undefined) throw new Error(`nothing published at ${url}`)
  return file.representations.identity.body!.toString('utf8')
}

t.test('following prev-archive from the main RSS, Atom and podcast-free feeds reaches every issue exactly once, in order', async (t) => {
  const dirs = await largePublication(t)
  const published = await publishFrom(dirs)
  const { issues, feedUrls } = published.publication
  t.equal(issues.length, GENERATED + 2)
  const expected = issues.map((issue) => issue.title)

  const rssTitles: string[] = []
  let url: string | undefined = feedUrls.rss
  let documents = 0
  while (url !== undefined) {
    const channel: any = (await parseXml(bodyAt(published, url))).rss.channel[0]
    if (documents === 0) t.equal(channel.item.length, 20, 'the main feed carries the newest 20')
    else t.ok('fh:archive' in channel, `${url} is marked as an archive`)
    rssTitles.push(...channel.item.map((item: any) => item.title[0]))
    const links: any[] = channel['atom:link'].map((link: any) => link.$)
    if (documents > 0) t.equal(links.find((link: any) => link.rel === 'current')?.href, feedUrls.rss)
    url = links.find((link: any) => link.rel === 'prev-archive')?.href
    documents++
  }
  t.same(rssTitles, expected, 'RSS: every issue once, newest first')

  const atomTitles: string[] = []
  url = feedUrls.atom
  while (url !== undefined) {
    const xml = bodyAt(published, url)
    t.same(await atomConformanceProblems(xml), [], `${url} conforms to RFC 4287`)
    const feed: any = (await parseXml(xml)).feed
    atomTitles.push(...feed.entry.map((entry: any) => textOf(entry.title[0])))
    url = feed.link.map((link: any) => link.$).find((link: any) => link.rel === 'prev-archive')?.href
  }
  t.same(atomTitles, expected, 'Atom: every issue once, newest first')

  const jsonTitles: string[] = []
  url = feedUrls.jsonFeed
  while (url !== undefined) {
    const feed: any = JSON.parse(bodyAt(published, url))
    jsonTitles.push(...feed.items.map((item: any) => item.title))
    url = feed.next_url
  }
  t.same(jsonTitles, expected, 'JSON Feed: every issue once through next_url')
})

t.test('publishing a new issue leaves every archive page but the newest byte for byte the same', async (t) => {
  const dirs = await largePublication(t)
  const before = await publishFrom(dirs)
  await writeFile(path.join(dirs.contentDir, 'issues', 'newest.md'), '---\ntitle: The newest\ndate: 2025-06-01T09:00:00Z\nsummary: New.\n---\nNew.\n')
  const after = await publishFrom(dirs)
  const archives = [...before.files.values()].filter((file) => file.path.startsWith('/archive/feed-') && file.path.endsWith('.xml'))
  t.ok(archives.length >= 14)
  const newest = archives.at(-1)!
  for (const file of archives) {
    if (file === newest) continue
    t.ok(after.files.get(file.path)?.representations.identity.body!.equals(file.representations.identity.body!), `${file.path} unchanged`)
    t.ok(file.settled, `${file.path} is settled`)
  }
  t.notOk(newest.settled, 'the newest archive page may still change')
  t.notOk(after.files.get('/feed.xml')!.representations.identity.body!.equals(before.files.get('/feed.xml')!.representations.identity.body!), 'the main feed did change')
})

t.test('each tag feed holds the newest issues with that tag, under a clean URL, and its page lists them all', async (t) => {
  const dirs = await largePublication(t)
  const published = await publishFrom(dirs)
  const feedSize = published.publication.site.feedSize
  const slugs = { alignment: 'alignment', 'Künstliche Intelligenz': 'kunstliche-intelligenz', 機械学習: encodeURIComponent('機械学習') }
  for (const tag of TAGS) {
    const url = `https://example.test/tags/${slugs[tag as keyof typeof slugs]}/feed.xml`
    const channel = (await parseXml(bodyAt(published, url))).rss.channel[0]
    const all = published.publication.issues.filter((issue) => issue.tags.includes(tag)).map((issue) => issue.title)
    t.equal(all.length, 100)
    t.same(channel.item.map((item: any) => item.title[0]), all.slice(0, feedSize), `${tag}: the newest ${feedSize}, newest first`)
    t.equal(channel['fh:complete'], undefined, 'not the whole history: no fh:complete')
    t.equal(channel.title[0], `Minimal Weekly: ${tag}`)
    t.equal(channel.link[0], url.replace('/feed.xml', '/'), 'the tag feed links to the tag\'s page')
    const json = JSON.parse(bodyAt(published, url.replace('feed.xml', 'feed.json')))
    t.same(json.items.map((item: any) => item.title), all.slice(0, feedSize))
    const page = bodyAt(published, url.replace('feed.xml', ''))
    for (const title of all) t.ok(page.includes(`>${title}</a>`), `${tag}: the page lists ${title}`)
  }
})

t.test('the OPML lists every feed, and each answers 200; archives are cached for long', async (t) => {
  const dirs = await largePublication(t)
  const loaded = await loadPublication(dirs)
  const published = await publish(loaded.publication)
  const app = await buildApp({ store: createSnapshotStore({ published, media: await indexMedia(dirs.mediaDir, published.summary.mediaTypes), since: new Date() }) })
  t.teardown(async () => await app.close())
  const opml = await app.inject({ url: '/feeds.opml' })
  t.equal(opml.headers['content-type'], 'text/x-opml; charset=utf-8')
  const outlines = (await parseXml(opml.body)).opml.body[0].outline
  const xmlUrls = outlines.flatMap((outline: any) => outline.$.xmlUrl !== undefined ? [outline.$.xmlUrl] : outline.outline.map((inner: any) => inner.$.xmlUrl))
  t.equal(xmlUrls.length, 4 + 3 * (TAGS.length + 2), 'main feeds, podcast, and three per tag')
  t.same(new Set(xmlUrls), new Set([...published.files.values()].filter((file) => file.announce).map((file) => file.url)))
  for (const url of xmlUrls) {
    const response = await app.inject({ url: new URL(url).pathname })
    t.equal(response.statusCode, 200, url)
  }
  t.equal((await app.inject({ url: '/archive/feed-1.xml' })).headers['cache-control'], 'public, max-age=2592000')
  t.equal((await app.inject({ url: '/feed.xml' })).headers['cache-control'], 'public, max-age=300')
  const home = (await app.inject({ url: '/' })).body
  t.match(home, '<a href="https://example.test/archive/15/">Older issues →</a>')
  t.match(home, 'href="https://example.test/feeds.opml"')
  const oldest = (await app.inject({ url: '/archive/1/' })).body
  t.match(oldest, '<a href="https://example.test/archive/2/">← Newer issues</a>')
  t.match(oldest, 'Generated issue 1<')
})

t.test('the podcast feed lists every episode and says it is complete, unless the publisher sets a limit', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const whole = (await parseXml(bodyAt(await publishFrom(dirs), 'https://example.test/podcast.xml'))).rss.channel[0]
  t.equal(whole.item.length, 2)
  t.ok('fh:complete' in whole, 'fh:complete: nothing older to look for')

  await appendFile(path.join(dirs.contentDir, 'site.yaml'), 'podcast_limit: 1\n')
  const limited = await publishFrom(dirs)
  const current = (await parseXml(bodyAt(limited, 'https://example.test/podcast.xml'))).rss.channel[0]
  t.same(current.item.map((item: any) => item.title[0]), ['Bonus: Listener questions'])
  t.notOk('fh:complete' in current)
  const prev = current['atom:link'].map((link: any) => link.$).find((link: any) => link.rel === 'prev-archive')
  t.equal(prev?.href, 'https://example.test/archive/podcast-1.xml')
  const archive = (await parseXml(bodyAt(limited, prev.href))).rss.channel[0]
  t.ok('fh:archive' in archive)
  t.same(archive.item.map((item: any) => item.title[0]), ['The first issue'])
})
