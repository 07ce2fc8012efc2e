import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { renderAtom } from '../../src/render/atom.ts'
import { renderJsonFeed } from '../../src/render/json-feed.ts'
import { renderPodcast } from '../../src/render/podcast.ts'
import { renderRss } from '../../src/render/rss.ts'
import { buildApp } from '../../src/server/app.ts'
import { atomConformanceProblems } from '../atom-conformance.ts'
import { copyPublication, parseXml, type TestWithTeardown } from '../helpers.ts'

const HUBS = ['https://pubsubhubbub.appspot.com/', 'https://websub.example.org/hub']

async function publicationWithHubs (t: TestWithTeardown) {
  const dirs = await copyPublication(t, 'minimal')
  await appendFile(path.join(dirs.contentDir, 'site.yaml'), `hubs:\n${HUBS.map((hub) => `  - ${hub}\n`).join('')}`)
  return { dirs, ...(await loadSnapshot(dirs, { now: new Date() })) }
}

t.test('RSS and the podcast feed advertise every hub next to their self link', async (t) => {
  const { loaded } = await publicationWithHubs(t)
  for (const render of [renderRss, renderPodcast]) {
    const links = (await parseXml(render(loaded.publication))).rss.channel[0]['atom:link'].map((link: any) => link.$)
    t.same(links.filter((link: any) => link.rel === 'hub').map((link: any) => link.href), HUBS, render.name)
    t.equal(links.filter((link: any) => link.rel === 'self').length, 1, render.name)
  }
})

t.test('Atom advertises every hub and stays valid', async (t) => {
  const { loaded } = await publicationWithHubs(t)
  const xml = renderAtom(loaded.publication)
  t.same(await atomConformanceProblems(xml), [], 'conforms to RFC 4287')
  const links = (await parseXml(xml)).feed.link.map((link: any) => link.$)
  t.same(links.filter((link: any) => link.rel === 'hub').map((link: any) => link.href), HUBS)
})

t.test('JSON Feed lists the hubs as WebSub', async (t) => {
  const { loaded } = await publicationWithHubs(t)
  t.same(JSON.parse(renderJsonFeed(loaded.publication)).hubs, HUBS.map((url) => ({ type: 'WebSub', url })))
})

t.test('every feed response has Link headers for self and each hub', async (t) => {
  const { snapshot } = await publicationWithHubs(t)
  const app = await buildApp({ store: createSnapshotStore(snapshot) })
  t.teardown(async () => await app.close())
  const response = await app.inject({ url: '/feed.json' })
  t.equal(response.headers.link, `<https://example.test/feed.json>; rel="self"; type="application/feed+json", ${HUBS.map((hub) => `<${hub}>; rel="hub"`).join(', ')}`)
  t.equal((await app.inject({ url: '/feed.json', headers: { 'if-none-match': response.headers.etag as string } })).headers.link, response.headers.link, 'the 304 too')
})

t.test('a feed without hubs advertises none', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const { loaded } = await loadSnapshot(dirs, { now: new Date() })
  t.notMatch(renderRss(loaded.publication), 'rel="hub"')
  t.equal(JSON.parse(renderJsonFeed(loaded.publication)).hubs, undefined)
})
