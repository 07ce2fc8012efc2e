import t from 'tap'
import type { Issue, Publication } from '../../src/model/publication.ts'
import { issueUrl } from '../../src/model/urls.ts'
import { publish } from '../../src/publish/publish.ts'
import { renderRobotsTxt } from '../../src/render/robots.ts'
import { SITEMAP_URL_LIMIT, sitemapFiles } from '../../src/render/sitemap.ts'
import { loadFixture, parseXml, xmlErrors } from '../helpers.ts'

/** The minimal fixture's publication with `count` issues made in memory, one an hour back from 2024, tagged in turn. */
async function withIssues (count: number, feedSize?: number): Promise<Publication> {
  const { publication } = await loadFixture('minimal')
  const [newest] = publication.issues
  const issues: Issue[] = Array.from({ length: count }, (_, index) => ({
    ...newest!,
    slug: `issue-${index}`,
    url: issueUrl(publication.site.url, `issue-${index}`),
    date: new Date(Date.UTC(2024, 0, 1) - index * 3_600_000),
    updated: undefined,
    tags: [`topic ${index % 7}`],
    episode: undefined
  }))
  return { ...publication, issues, site: { ...publication.site, feedSize: feedSize ?? publication.site.feedSize } }
}

// Making and listing 100,000 issues takes several seconds on a shared 2-core machine.
t.setTimeout(120_000)

async function urlsIn (xml: string): Promise<Array<{ loc: string, lastmod: string }>> {
  const urlset = (await parseXml(xml)).urlset
  t.equal(urlset.$.xmlns, 'http://www.sitemaps.org/schemas/sitemap/0.9')
  return (urlset.url ?? []).map((url: any) => ({ loc: url.loc[0], lastmod: url.lastmod[0] }))
}

t.test('the sitemap lists every page a reader can land on, exactly once, and nothing else', async (t) => {
  for (const publication of [(await loadFixture('sample')).publication, (await loadFixture('minimal')).publication, await withIssues(45, 10)]) {
    const published = await publish(publication)
    const sitemap = published.files.get('/sitemap.xml')!
    t.equal(sitemap.type, 'application/xml; charset=utf-8')
    t.equal(await xmlErrors(sitemap.representations.identity.body!.toString('utf8')), '', 'well-formed')
    const locs = (await urlsIn(sitemap.representations.identity.body!.toString('utf8'))).map((url) => url.loc)
    const pages = [...published.files.values()].filter((file) => file.type.startsWith('text/html') && file.path !== '/404.html').map((file) => file.url)
    t.same([...locs].sort(), [...pages].sort(), `${publication.site.title}: ${pages.length} pages (home, archive pages, tags, issues, episodes)`)
    t.equal(new Set(locs).size, locs.length, 'none twice')
  }
})

t.test('each page\'s lastmod is when its content last changed', async (t) => {
  const { publication } = await loadFixture('hostile')
  const urls = await urlsIn((await publish(publication)).files.get('/sitemap.xml')!.representations.identity.body!.toString('utf8'))
  const lastmod = (loc: string): string | undefined => urls.find((url) => url.loc === loc)?.lastmod
  t.equal(lastmod('https://example.test/issues/updated/'), '2024-02-03T15:30:00Z', 'an updated issue: its update')
  const nasty = publication.issues.find((issue) => issue.slug === 'nasty')!
  t.equal(lastmod(nasty.url), nasty.date.toISOString().replace('.000', ''), 'otherwise its date')
  t.equal(lastmod(publication.site.url), publication.updated.toISOString().replace('.000', ''), 'the home page: the newest change')
  for (const url of urls) t.match(url.lastmod, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, `${url.loc}: a W3C datetime`)
})

t.test('a publication of 100,000 issues gets a sitemap index of parts of at most 50,000 URLs', async (t) => {
  const publication = await withIssues(100_000)
  const files = sitemapFiles(publication)
  const rendered = files.map((file) => ({ url: file.url, xml: file.render(publication) }))
  t.same(rendered.map((file) => file.url), ['https://example.test/sitemap.xml', 'https://example.test/sitemap-1.xml', 'https://example.test/sitemap-2.xml', 'https://example.test/sitemap-3.xml'])
  const index = (await parseXml(rendered[0]!.xml)).sitemapindex
  t.equal(index.$.xmlns, 'http://www.sitemaps.org/schemas/sitemap/0.9')
  t.same(index.sitemap.map((sitemap: any) => sitemap.loc[0]), rendered.slice(1).map((file) => file.url), 'the index names each part')
  const all: string[] = []
  for (const part of rendered.slice(1)) {
    const urls = await urlsIn(part.xml)
    t.ok(urls.length <= SITEMAP_URL_LIMIT, `${part.url}: ${urls.length} URLs`)
    t.ok(Buffer.byteLength(part.xml) < 50 * 1024 * 1024, 'under 50 MB')
    all.push(...urls.map((url) => url.loc))
  }
  t.equal(all.length, 100_000 + 1 + 4_999 + 7 + 2, 'every issue, the home page, 4,999 archive pages, 7 tags and both episodes')
  t.equal(new Set(all).size, all.length, 'each once')
  t.equal(all[0], 'https://example.test/issues/issue-99999/', 'oldest first, so older parts stay the same as issues are published')
})

t.test('robots.txt allows everything and names the sitemap', async (t) => {
  const { publication } = await loadFixture('sample')
  const robots = (await publish(publication)).files.get('/robots.txt')!
  t.equal(robots.type, 'text/plain; charset=utf-8')
  t.equal(robots.representations.identity.body!.toString('utf8'), renderRobotsTxt(publication))
  const lines = robots.representations.identity.body!.toString('utf8').split('\n')
  t.same(lines.filter((line) => line !== ''), ['User-agent: *', 'Allow: /', 'Sitemap: https://feedwright.example/sitemap.xml'])
})
