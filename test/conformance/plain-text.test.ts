import t from 'tap'
import type { Episode, Issue, Publication } from '../../src/model/publication.ts'
import { feedparserMissing, parseWithFeedparser, type FeedparserText } from '../feedparser.ts'
import { loadFixture } from '../helpers.ts'
import { feedDocuments, type FeedDocument } from './documents.ts'

// plain-text has "&", "<", ">" and quotes in every title, summary, name and tag; the others are
// the shipped sample and the fixtures with their own hostile text.
const FIXTURES = ['plain-text', 'hostile', 'sample', 'minimal']

const skip = await feedparserMissing()

// Python starts slowly on a loaded 2-core machine; each fixture is one Python run.
t.setTimeout(120_000)

function shown (detail: FeedparserText | undefined): string | undefined {
  return detail?.shown
}

/** The title a document of the publication carries: the publication's, with its tag's name. */
function expectedTitle (publication: Publication, document: FeedDocument): string {
  return document.tag === undefined ? publication.site.title : `${publication.site.title}: ${document.tag.name}`
}

function itemsById (publication: Publication): Map<string, Issue | Episode> {
  return new Map<string, Issue | Episode>([
    ...publication.issues.map((issue) => [issue.id, issue] as const),
    ...publication.episodes.map((episode) => [episode.guid, episode] as const)
  ])
}

t.test('the Universal Feed Parser shows the text of the plain-text issue exactly as written in feed.xml', { skip }, async (t) => {
  const { publication } = await loadFixture('plain-text')
  const rss = feedDocuments(publication).find((document) => document.path === '/feed.xml')!
  const [parsed] = await parseWithFeedparser([rss.body])
  const [entry] = parsed!.entries
  t.equal(shown(entry?.title_detail), 'Q&A: Fish & Chips <3')
  t.equal(shown(entry?.summary_detail), 'Questions & answers about the odd <angle bracket> and AT&T.')
  t.equal(shown(parsed!.feed.subtitle_detail), 'Notes & queries: <b>not bold</b>, "double" & \'single\' quotes, 1 < 2 > 0 and AT&T.')
})

t.test('the Universal Feed Parser shows every title, summary, description, name and tag of every RSS and Atom document exactly as written', { skip }, async (t) => {
  for (const name of FIXTURES) {
    const { publication } = await loadFixture(name)
    const { site } = publication
    const items = itemsById(publication)
    const documents = feedDocuments(publication).filter((candidate) => candidate.format === 'rss' || candidate.format === 'atom')
    const results = await parseWithFeedparser(documents.map((document) => document.body))
    for (const [index, document] of documents.entries()) {
      const where = `${name} ${document.path}`
      const parsed = results[index]!
      t.notOk(parsed.bozo, `${where}: well-formed (${parsed.bozo_exception})`)
      t.equal(shown(parsed.feed.title_detail), expectedTitle(publication, document), `${where}: feed title`)
      t.equal(shown(parsed.feed.subtitle_detail), site.description, `${where}: feed description`)
      t.equal(shown(parsed.feed.rights_detail), site.copyright, `${where}: copyright`)
      t.ok(parsed.entries.length > 0, `${where}: has entries`)
      for (const entry of parsed.entries) {
        const item = items.get(entry.id ?? '')
        if (item === undefined) {
          t.fail(`${where}: entry ${entry.id} is no issue or episode`)
          continue
        }
        t.equal(shown(entry.title_detail), item.title, `${where}: title of ${entry.id}`)
        t.equal(shown(entry.summary_detail), item.summary, `${where}: summary of ${entry.id}`)
        if ('tags' in item) t.same((entry.tags ?? []).map((tag) => tag.term), item.tags, `${where}: tags of ${entry.id}`)
        const authors = 'authors' in item ? item.authors : publication.issues.find((issue) => issue.slug === item.issueSlug)?.authors ?? site.authors
        t.equal(entry.author_detail?.name, authors.map((author) => author.name).join(', '), `${where}: author of ${entry.id}`)
      }
    }
  }
})

t.test('JSON Feed keeps every title and summary as plain text, exactly as written', async (t) => {
  for (const name of FIXTURES) {
    const { publication } = await loadFixture(name)
    const items = itemsById(publication)
    for (const document of feedDocuments(publication).filter((candidate) => candidate.format === 'json')) {
      const feed = JSON.parse(document.body) as { title: string, description: string, items: Array<{ id: string, title: string, summary: string }> }
      t.equal(feed.title, expectedTitle(publication, document), `${name} ${document.path}: title`)
      t.equal(feed.description, publication.site.description, `${name} ${document.path}: description`)
      for (const item of feed.items) {
        t.equal(item.title, items.get(item.id)?.title, `${name} ${document.path}: title of ${item.id}`)
        t.equal(item.summary, items.get(item.id)?.summary, `${name} ${document.path}: summary of ${item.id}`)
      }
    }
  }
})
