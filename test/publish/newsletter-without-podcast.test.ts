import { parseAtomFeed, parseJsonFeed, parseOpml, parseRssFeed } from 'feedsmith'
import t from 'tap'
import { publish } from '../../src/publish/publish.ts'
import { buildTestApp, copyPublication, loadFixture, parseXml } from '../helpers.ts'
import { errorsOf, loadOrProblems, problemLines, removeContent, writeContent } from '../publication-files.ts'

t.test('a newsletter without podcast fields, episodes or media loads and publishes', async (t) => {
  const { publication, warnings } = await loadFixture('newsletter')
  t.same(warnings, [])
  t.same(publication.issues.map((issue) => issue.slug), ['again', 'hello'])
  const paths = [...(await publish(publication)).files.keys()]
  t.ok(paths.includes('/feed.xml') && paths.includes('/atom.xml') && paths.includes('/feed.json'))
  t.notOk(paths.some((path) => path.includes('podcast')), 'no podcast feed is published')
})

t.test('its feeds leave out the image, logo and icon, and offer no podcast', async (t) => {
  const { publication } = await loadFixture('newsletter')
  const files = (await publish(publication)).files
  const text = (path: string): string => files.get(path)!.representations.identity.body!.toString('utf8')

  const rss = await parseXml(text('/feed.xml'))
  t.equal(rss.rss.channel[0].image, undefined, 'no RSS image')
  t.equal(rss.rss.channel[0].title[0], 'Letters Only')
  t.equal(parseRssFeed(text('/feed.xml')).items?.length, 2)

  const atom = parseAtomFeed(text('/atom.xml'))
  t.equal(atom.logo, undefined, 'no Atom logo')
  t.equal((await parseXml(text('/atom.xml'))).feed.logo, undefined)
  t.equal(atom.entries?.length, 2)

  const json = parseJsonFeed(JSON.parse(text('/feed.json')))
  t.equal(json.icon, undefined, 'no JSON Feed icon')
  t.notOk('icon' in JSON.parse(text('/feed.json')))

  const opml = parseOpml(text('/feeds.opml'))
  const xmlUrls = (opml.body?.outlines ?? []).map((outline) => outline.xmlUrl)
  t.same(xmlUrls.slice(0, 3), ['https://letters.example.test/feed.xml', 'https://letters.example.test/atom.xml', 'https://letters.example.test/feed.json'])
  t.notOk(text('/feeds.opml').includes('podcast'), 'OPML lists no podcast')

  const home = text('/')
  t.equal([...home.matchAll(/<link rel="alternate" type="([^"]+)"/g)].length, 3, 'three feeds for autodiscovery')
  t.notMatch(home, /podcast\.xml|<img/, 'no podcast link and no cover image')
})

t.test('the server answers 404 for the podcast feed of a newsletter', async (t) => {
  const { app } = await buildTestApp(t, 'newsletter')
  t.equal((await app.inject('/podcast.xml')).statusCode, 404)
  t.equal((await app.inject('/feed.xml')).statusCode, 200)
})

t.test('once there is an episode, each missing podcast field is named with what to add', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'site.yaml', 'title: T\ndescription: D\nurl: https://example.test/\nlanguage: en\nauthors: [{ name: A }]\npodcast_guid: 0b5c3c1e-8a5e-5d7e-9f6b-1c2d3e4f5a6b\n')
  const { problems } = await loadOrProblems(dirs)
  t.same(problemLines(errorsOf(problems), dirs.contentDir), [
    'site.yaml: error: owner: is required once there are episodes (the podcast feed needs it): add owner: with name: and email: (whom Apple Podcasts contacts about the show)',
    'site.yaml: error: artwork: is required once there are episodes (the podcast feed needs it): add artwork: a square JPEG or PNG of 1400 to 3000 px under media/',
    'site.yaml: error: category: is required once there are episodes (the podcast feed needs it): add category: an Apple Podcasts category, such as Technology',
    'site.yaml: error: explicit: is required once there are episodes (the podcast feed needs it): add explicit: true or false (Apple Podcasts asks whether the show has explicit content)'
  ], 'one line each, and no knock-on errors in the episode files')
})

t.test('a podcast whose episodes are all scheduled publishes no podcast feed until the first is due', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  // Looked at from before anything was published: no record of published episodes yet.
  await removeContent(dirs, 'published.lock')
  await writeContent(dirs, 'issues/older.md', '---\ntitle: Older\ndate: 2024-01-01T09:00:00Z\n---\nAn issue before any episode.\n')
  const later = await loadOrProblems({ ...dirs, now: new Date('2024-01-06T00:00:00Z') })
  t.equal(later.loaded!.publication.feedUrls.podcast, 'https://example.test/podcast.xml', 'first-episode is out on 2024-01-05')
  const early = await loadOrProblems({ ...dirs, now: new Date('2024-01-02T00:00:00Z') })
  t.equal(early.loaded!.publication.feedUrls.podcast, undefined)
  t.notOk((await publish(early.loaded!.publication)).files.has('/podcast.xml'))
})
