import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { publish } from '../../src/publish/publish.ts'
import { loadFixture, ROOT } from '../helpers.ts'

const GOLDEN = path.join(ROOT, 'test', 'golden', 'sample')

t.test('publishing the same content twice gives byte-identical feeds and the same version', async (t) => {
  const first = await publish((await loadFixture('sample')).publication)
  const second = await publish((await loadFixture('sample')).publication)
  t.equal(first.version, second.version)
  for (const [path, file] of first.files) t.ok(file.representations.identity.body!.equals(second.files.get(path)!.representations.identity.body!), path)
})

t.test('a change to the content changes the version', async (t) => {
  const sample = await publish((await loadFixture('sample')).publication)
  const moved = await publish((await loadFixture('sample', 'https://elsewhere.example/')).publication)
  t.not(sample.version, moved.version)
})

t.test('publishes the feeds, the tags\' feeds, the OPML, and a page per issue, tag and episode', async (t) => {
  const published = await publish((await loadFixture('minimal')).publication)
  const tagFeeds = (tag: string) => [
    [`/tags/${tag}/feed.xml`, 'application/rss+xml; charset=utf-8'],
    [`/tags/${tag}/atom.xml`, 'application/atom+xml; charset=utf-8'],
    [`/tags/${tag}/feed.json`, 'application/feed+json; charset=utf-8']
  ]
  t.same([...published.files.values()].map((file) => [file.path, file.type]), [
    ['/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/podcast.xml', 'application/rss+xml; charset=utf-8'],
    ...tagFeeds('feeds'),
    ...tagFeeds('testing'),
    ['/feeds.opml', 'text/x-opml; charset=utf-8'],
    ['/', 'text/html; charset=utf-8'],
    ['/tags/feeds/', 'text/html; charset=utf-8'],
    ['/tags/testing/', 'text/html; charset=utf-8'],
    ['/issues/second/', 'text/html; charset=utf-8'],
    ['/issues/first/', 'text/html; charset=utf-8'],
    ['/episodes/bonus/', 'text/html; charset=utf-8'],
    ['/episodes/first-episode/', 'text/html; charset=utf-8'],
    ['/404.html', 'text/html; charset=utf-8'],
    ['/robots.txt', 'text/plain; charset=utf-8'],
    ['/sitemap.xml', 'application/xml; charset=utf-8'],
    ['/favicon.ico', 'image/x-icon'],
    ['/apple-touch-icon.png', 'image/png'],
    ['/icon-192.png', 'image/png'],
    ['/icon-512.png', 'image/png'],
    ['/manifest.webmanifest', 'application/manifest+json; charset=utf-8']
  ])
})

t.test('every published file decompresses from gzip and brotli to its exact bytes, each with its own ETag', async (t) => {
  const published = await publish((await loadFixture('sample')).publication)
  for (const file of published.files.values()) {
    const { identity, gzip, br } = file.representations
    t.ok(gunzipSync(gzip.body!).equals(identity.body!), `${file.path} gzip`)
    t.ok(brotliDecompressSync(br.body!).equals(identity.body!), `${file.path} br`)
    t.ok(br.length < identity.length, `${file.path} br is smaller`)
    t.equal(new Set([identity.etag, gzip.etag, br.etag]).size, 3, `${file.path} ETags differ`)
    t.match(identity.etag, /^"[^"]+"$/, 'a strong ETag')
  }
})

t.test('an ETag changes when the bytes change, and only then', async (t) => {
  const sample = await publish((await loadFixture('sample')).publication)
  const again = await publish((await loadFixture('sample')).publication)
  const moved = await publish((await loadFixture('sample', 'https://elsewhere.example/')).publication)
  for (const [path, file] of sample.files) {
    t.equal(again.files.get(path)!.representations.br.etag, file.representations.br.etag, `${path} unchanged`)
    // Icons are the artwork's pixels, which do not name any address.
    if (file.type.startsWith('image/')) t.equal(moved.files.get(path)!.representations.br.etag, file.representations.br.etag, `${path} is the same anywhere`)
    else t.not(moved.files.get(path)!.representations.br.etag, file.representations.br.etag, `${path} moved`)
  }
})

// The golden files are reviewed copies of the sample's feeds: a diff here is a change every
// subscriber sees. Rewrite them only on purpose, with UPDATE_GOLDEN=1, and review the diff.
t.test('the sample feeds match their reviewed golden files', async (t) => {
  const published = await publish((await loadFixture('sample')).publication)
  for (const feedPath of ['/feed.xml', '/atom.xml', '/feed.json', '/podcast.xml']) {
    const file = published.files.get(feedPath)!
    const golden = path.join(GOLDEN, file.path)
    if (process.env.UPDATE_GOLDEN === '1') {
      await mkdir(GOLDEN, { recursive: true })
      await writeFile(golden, file.representations.identity.body!)
    }
    t.equal(file.representations.identity.body!.toString('utf8'), await readFile(golden, 'utf8'), file.path)
  }
})
