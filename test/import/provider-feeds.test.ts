import path from 'node:path'
import { parseRssFeed } from 'feedsmith'
import t from 'tap'
import { loadPublication } from '../../src/content/load-publication.ts'
import { importFeed } from '../../src/import/import-feed.ts'
import { publish } from '../../src/publish/publish.ts'
import { makeTempDir } from '../helpers.ts'
import { mockOldHosts } from './import-helpers.ts'

/** Each host's feed, at its address, with the archive pages it links to, and the ids its items must keep. */
const HOSTS: ReadonlyArray<{ name: string, source: string, documents: Record<string, string>, ids: string[], episodes: number }> = [
  { name: 'Substack', source: 'https://fieldnotes.example.com/feed', documents: { 'https://fieldnotes.example.com/feed': 'substack.xml' }, ids: ['https://fieldnotes.example.com/p/the-first-frost', 'https://fieldnotes.example.com/p/episode-2-seeds-and-soil'], episodes: 1 },
  { name: 'Ghost', source: 'https://compost.example.org/rss/', documents: { 'https://compost.example.org/rss/': 'ghost.xml' }, ids: ['65e5a1b2c3d4e5f600112233'], episodes: 0 },
  { name: 'WordPress (windows-1252, paged)', source: 'https://cafe.example.net/feed/', documents: { 'https://cafe.example.net/feed/': 'wordpress.xml', 'https://cafe.example.net/feed/?paged=2': 'wordpress-page-2.xml' }, ids: ['https://cafe.example.net/?p=12', 'https://cafe.example.net/?p=3'], episodes: 0 },
  { name: 'Medium', source: 'https://medium.example.com/@danwriter/feed', documents: { 'https://medium.example.com/@danwriter/feed': 'medium.xml' }, ids: ['https://medium.example.com/p/1a2b3c4d5e6f'], episodes: 0 },
  { name: 'Spotify for Creators (Anchor)', source: 'https://anchor.example.fm/s/abc123/podcast/rss', documents: { 'https://anchor.example.fm/s/abc123/podcast/rss': 'anchor.xml' }, ids: ['5f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b'], episodes: 1 },
  { name: 'Buzzsprout', source: 'https://feeds.buzzsprout.example/1234567.rss', documents: { 'https://feeds.buzzsprout.example/1234567.rss': 'buzzsprout.xml' }, ids: ['Buzzsprout-14500001', 'Buzzsprout-14400000'], episodes: 2 },
  { name: 'Libsyn', source: 'https://oldtimeradio.libsyn.example/rss', documents: { 'https://oldtimeradio.libsyn.example/rss': 'libsyn.xml' }, ids: ['8a7b6c5d-1111-2222-3333-444455556666'], episodes: 1 },
  { name: 'Castopod', source: 'https://castopod.example.social/@libreaudio/feed.xml', documents: { 'https://castopod.example.social/@libreaudio/feed.xml': 'castopod.xml' }, ids: ['https://castopod.example.social/@libreaudio/episodes/episode-1'], episodes: 1 },
  { name: 'JSON Feed (micro.blog, paged)', source: 'https://essays.example.blog/feed.json', documents: { 'https://essays.example.blog/feed.json': 'json-feed.json', 'https://essays.example.blog/feed.json?page=2': 'json-feed-page-2.json' }, ids: ['https://essays.example.blog/2024/03/01/on-walking.html', '42', 'https://essays.example.blog/2023/12/24/on-sitting.html'], episodes: 1 },
  { name: 'Atom with xml:base and an RFC 5005 archive', source: 'https://blog.example.de/atom.xml', documents: { 'https://blog.example.de/atom.xml': 'atom-xml-base.xml', 'https://blog.example.de/archive/2023.xml': 'atom-archive-2023.xml' }, ids: ['tag:blog.example.de,2024:post-7', 'tag:blog.example.de,2023:post-1'], episodes: 0 },
  { name: 'RSS 1.0 (ISO-8859-1)', source: 'https://lab.example.org/rss', documents: { 'https://lab.example.org/rss': 'rss1.rdf' }, ids: ['https://lab.example.org/notes/1'], episodes: 0 }
]

for (const host of HOSTS) {
  t.test(`a ${host.name} feed imports, validates and builds with its items' ids unchanged`, async (t) => {
    const dispatcher = await mockOldHosts(t, host.documents)
    const dir = await makeTempDir(t, 'import')
    const dirs = { contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media') }
    const result = await importFeed({ source: host.source, ...dirs, dispatcher, wait: async () => {} })
    t.equal(result.items, host.ids.length, 'every item of every page')
    t.equal(result.episodes, host.episodes)
    const { publication, warnings } = await loadPublication(dirs)
    t.same(warnings.filter((warning) => warning.field !== 'audio'), [], 'no warning but a remote audio without duration')
    const published = await publish(publication)
    const rss = parseRssFeed(published.files.get('/feed.xml')!.representations.identity.body!.toString())
    t.same(rss.items?.map((item) => item.guid?.value).sort(), [...host.ids].sort(), 'RSS guids are the old ids')
    const podcastFile = published.files.get('/podcast.xml')
    // A newsletter without episodes has no podcast feed at all.
    t.equal(podcastFile !== undefined, host.episodes > 0, host.episodes > 0 ? 'a podcast feed' : 'no podcast feed')
    const podcast = podcastFile === undefined ? undefined : parseRssFeed(podcastFile.representations.identity.body!.toString())
    t.equal(podcast?.items?.length ?? 0, host.episodes)
    for (const item of podcast?.items ?? []) t.ok(host.ids.includes(item.guid!.value!), `episode GUID ${String(item.guid?.value)} kept`)
  })
}
