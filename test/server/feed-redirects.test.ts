import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { loadPublication } from '../../src/content/load-publication.ts'
import { ContentError, formatProblem } from '../../src/errors.ts'
import { buildTestApp, copyPublication } from '../helpers.ts'

t.test('a previous address of the podcast feed redirects permanently to the current one', async (t) => {
  const { app, publication } = await buildTestApp(t, 'podcasting')
  const current = publication.feedUrls.podcast
  for (const path of ['/rss', '/feeds/podcast.rss', '/rss?format=xml']) {
    const response = await app.inject({ method: 'GET', url: path })
    t.equal(response.statusCode, 301, path)
    t.equal(response.headers.location, current, `${path} points at the feed`)
    t.equal(response.headers['cache-control'], 'public, max-age=300', 'cached like a page, so a mistake can be undone')
  }
  const head = await app.inject({ method: 'HEAD', url: '/rss' })
  t.equal(head.statusCode, 301)
  t.equal(head.headers.location, current)
})

t.test('following the redirect gives the podcast feed itself', async (t) => {
  const { app } = await buildTestApp(t, 'podcasting')
  const redirect = await app.inject({ method: 'GET', url: '/feeds/podcast.rss' })
  const feed = await app.inject({ method: 'GET', url: new URL(redirect.headers.location as string).pathname })
  t.equal(feed.statusCode, 200)
  t.match(feed.body, '<podcast:guid>c790fd5c-f9d2-586d-9b22-29b0d6d123d2</podcast:guid>')
})

t.test('without previous addresses nothing is redirected, and other paths stay 404', async (t) => {
  const { app } = await buildTestApp(t, 'minimal')
  t.equal((await app.inject({ method: 'GET', url: '/rss' })).statusCode, 404)
  const { app: moved } = await buildTestApp(t, 'podcasting')
  t.equal((await moved.inject({ method: 'GET', url: '/feeds/other.rss' })).statusCode, 404)
  t.equal((await moved.inject({ method: 'GET', url: '/podcast.xml' })).statusCode, 200, 'the current feed is served, not redirected')
})

t.test('site.yaml cannot list the current address as a previous one', async (t) => {
  const dirs = await copyPublication(t, 'podcasting')
  const site = path.join(dirs.contentDir, 'site.yaml')
  await writeFile(site, (await readFile(site, 'utf8')).replace('  - https://example.test/rss', '  - https://example.test/podcast.xml'))
  const error = await loadPublication(dirs).catch((caught: unknown) => caught)
  t.ok(error instanceof ContentError)
  t.match((error as ContentError).problems.map(formatProblem).join('\n'), /previous_feed_urls: "https:\/\/example\.test\/podcast\.xml" is where the podcast feed is now/)
})
