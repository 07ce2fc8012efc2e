import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith'
import t from 'tap'
import { loadPublication } from '../../src/content/load-publication.ts'
import type { Publication } from '../../src/model/publication.ts'
import { feedDocuments } from '../conformance/documents.ts'
import { copyPublication, parseXml } from '../helpers.ts'

/** What identifies a document and its items to a reader, read back by an independent parser. */
interface Identity {
  /** Atom `id`, RSS and podcast `atom:link rel="self"`, JSON Feed `feed_url`. */
  readonly feed: string
  /** RSS and podcast `guid`, Atom entry `id`, JSON Feed item `id`, in document order. */
  readonly items: readonly string[]
  /** The podcast feed's `podcast:guid`. */
  readonly podcastGuid?: string
}

async function identitiesOf (publication: Publication): Promise<Map<string, Identity>> {
  const identities = new Map<string, Identity>()
  for (const document of feedDocuments(publication)) {
    if (document.format === 'atom') {
      const feed = parseAtomFeed(document.body)
      identities.set(document.path, { feed: feed.id ?? '', items: (feed.entries ?? []).map((entry) => entry.id ?? '') })
    } else if (document.format === 'rss') {
      const channel = (await parseXml(document.body)).rss.channel[0]
      const self = channel['atom:link'].find((link: { $: { rel: string } }) => link.$.rel === 'self').$.href
      const items = (parseRssFeed(document.body).items ?? []).map((item) => item.guid?.value ?? '')
      identities.set(document.path, { feed: self, items, podcastGuid: channel['podcast:guid']?.[0] })
    } else if (document.format === 'json') {
      const feed = parseJsonFeed(document.body)
      identities.set(document.path, { feed: feed.feed_url ?? '', items: (feed.items ?? []).map((item) => item.id ?? '') })
    }
  }
  return identities
}

t.test('a tag feed keeps its Atom id and its URLs when the newest issue spells the tag Compost, compost or Cómpost', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeFile(path.join(dirs.contentDir, 'issues', 'older-compost.md'),
    '---\ntitle: Older compost\ndate: 2024-02-01T09:00:00Z\nsummary: The first issue on compost.\ntags: [compost]\n---\nHeaps.\n')
  const seen: Array<{ title: string, identities: Identity[] }> = []
  for (const spelling of ['Compost', 'compost', 'Cómpost']) {
    await writeFile(path.join(dirs.contentDir, 'issues', 'newest-compost.md'),
      `---\ntitle: Newest compost\ndate: 2024-03-01T09:00:00Z\nsummary: The newest issue on compost.\ntags: [${JSON.stringify(spelling)}]\n---\nMore heaps.\n`)
    const { publication } = await loadPublication(dirs)
    const documents = feedDocuments(publication).filter((document) => document.tag?.slug === 'compost')
    t.same(documents.map((document) => document.path), ['/tags/compost/feed.xml', '/tags/compost/atom.xml', '/tags/compost/feed.json'], `${spelling}: the same three URLs`)
    const identities = await identitiesOf(publication)
    const atom = parseAtomFeed(documents[1]!.body)
    seen.push({ title: typeof atom.title === 'string' ? atom.title : atom.title?.value ?? '', identities: documents.map((document) => identities.get(document.path)!) })
  }
  t.same(seen.map((version) => version.title), ['Minimal Weekly: Compost', 'Minimal Weekly: compost', 'Minimal Weekly: Cómpost'], 'the tag is shown as the newest issue spells it')
  t.same(seen[1]!.identities, seen[0]!.identities, 'compost: same ids and URLs as Compost')
  t.same(seen[2]!.identities, seen[0]!.identities, 'Cómpost: same ids and URLs as Compost')
  t.match(seen[0]!.identities[1]!.feed, /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a UUIDv5 URN')
})

t.test('every feed and item id stays when titles, summaries, dates and tag spellings change and the publication moves', async (t) => {
  // plain-text pins its podcast:guid, as the README asks before a move: every id derives from it.
  const dirs = await copyPublication(t, 'plain-text')
  const before = await identitiesOf((await loadPublication(dirs)).publication)

  const site = path.join(dirs.contentDir, 'site.yaml')
  await writeFile(site, (await readFile(site, 'utf8')).replace(/^title: .*$/m, 'title: A new name'))
  for (const file of await readdir(path.join(dirs.contentDir, 'issues'))) {
    const issue = path.join(dirs.contentDir, 'issues', file)
    await writeFile(issue, (await readFile(issue, 'utf8'))
      .replace(/^title: .*$/m, `title: Retitled ${file}`)
      .replace(/^summary: .*$/m, 'summary: Rewritten.')
      .replace(/T09:00:00Z/, 'T10:30:00Z')
      .replace(/"Fish & Chips"/, '"FISH & chips"').replace(/"Cómpost"/, '"COMPOST"'))
  }
  const after = await identitiesOf((await loadPublication({ ...dirs, baseUrl: 'https://moved.example/feeds/' })).publication)

  t.same([...after.keys()], [...before.keys()], 'the same documents')
  for (const [documentPath, identity] of before) {
    const moved = after.get(documentPath)!
    t.same(moved.items, identity.items, `${documentPath}: item ids`)
    t.equal(moved.podcastGuid, identity.podcastGuid, `${documentPath}: podcast:guid`)
    // Atom ids are names, not addresses; the other formats' feed identity is their address.
    if (documentPath.includes('atom')) t.equal(moved.feed, identity.feed, `${documentPath}: Atom id`)
    else t.equal(moved.feed, new URL(documentPath.slice(1), 'https://moved.example/feeds/').href, `${documentPath}: the new address`)
  }
})

t.test('every document of a feed shares its Atom id, and no two feeds share one', async (t) => {
  const dirs = await copyPublication(t, 'plain-text')
  const identities = await identitiesOf((await loadPublication(dirs)).publication)
  const atomIds = [...identities].filter(([documentPath]) => documentPath.includes('atom')).map(([documentPath, identity]) => [documentPath, identity.feed] as const)
  const main = atomIds.find(([documentPath]) => documentPath === '/atom.xml')![1]
  t.same(atomIds.filter(([documentPath]) => documentPath.startsWith('/archive/')).map(([, id]) => id), [main, main], 'archive pages carry the main feed\'s id (RFC 5005 §4)')
  const feeds = atomIds.filter(([documentPath]) => !documentPath.startsWith('/archive/')).map(([, id]) => id)
  t.equal(new Set(feeds).size, feeds.length, 'the main feed and each tag\'s feed have ids of their own')
  const items = [...identities.values()].flatMap((identity) => identity.items)
  const issueIds = new Set(items.filter((id) => id.startsWith('urn:uuid:')))
  t.equal(issueIds.size, 3, 'one id per issue, the same in every document that carries it')
})
