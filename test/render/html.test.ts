import t from 'tap'
import { publish } from '../../src/publish/publish.ts'
import type { Episode, Publication } from '../../src/model/publication.ts'
import { PLAYER_SCRIPT } from '../../src/render/episode-player.ts'
import { formatDuration, formatHumanDate, formatMegabytes, renderArchivePage, renderEpisodePage, renderHomePage, renderIssuePage, renderTagPage } from '../../src/render/html.ts'
import { renderNotFoundPage } from '../../src/render/not-found.ts'
import { tagsOf } from '../../src/model/tags.ts'
import type { Loaded } from '../../src/content/load-publication.ts'
import { loadFixture as loadFresh } from '../helpers.ts'
import { htmlProblems } from '../html-validation.ts'

const FIXTURES = ['sample', 'minimal', 'hostile']

// Each fixture is loaded once for the whole file (models are frozen, so tests cannot disturb each
// other); the test of rendering twice loads afresh on purpose.
const loaded = new Map<string, Promise<Loaded>>()
async function loadFixture (name: string): Promise<Loaded> {
  if (!loaded.has(name)) loaded.set(name, loadFresh(name))
  return await loaded.get(name)!
}

interface RenderedPage {
  readonly name: string
  readonly html: string
}

type Attributes = Record<string, string>

function bonusEpisodesOf (publication: Publication): Episode[] {
  return publication.episodes.filter((episode) => episode.issueSlug === undefined)
}

function renderEveryPage (publication: Publication): RenderedPage[] {
  return [
    { name: 'home', html: renderHomePage(publication) },
    ...publication.issues.map((issue) => ({ name: `issue ${issue.slug}`, html: renderIssuePage(publication, issue) })),
    ...publication.episodes.map((episode) => ({ name: `episode ${episode.slug}`, html: renderEpisodePage(publication, episode) }))
  ]
}

async function everyPageOf (fixture: string): Promise<{ publication: Publication, pages: RenderedPage[] }> {
  const { publication } = await loadFixture(fixture)
  return { publication, pages: renderEveryPage(publication) }
}

// Our renderer writes every attribute double-quoted and escapes only these four: enough to read its output back.
function decodeHtml (text: string): string {
  return text.replace(/&(amp|lt|gt|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"' })[name] ?? '')
}

function tagsNamed (html: string, name: string): Attributes[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))]
    .map(([, source]) => Object.fromEntries([...(source ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)]
      .map(([, attribute, value]) => [attribute, decodeHtml(value ?? '')])))
}

function linksIn (html: string): Array<{ href: string, text: string }> {
  return [...html.matchAll(/<a href="([^"]*)">(.*?)<\/a>/g)].map(([, href, text]) => ({ href: decodeHtml(href ?? ''), text: decodeHtml(text ?? '') }))
}

function textOfElement (html: string, name: string): string | undefined {
  const text = new RegExp(`<${name}\\b[^>]*>(.*?)</${name}>`, 's').exec(html)?.[1]
  return text === undefined ? undefined : decodeHtml(text)
}

// The sections a renderer writes are never nested, and each is named by its heading's id.
function sectionOf (html: string, id: string): string {
  return new RegExp(`<section [^>]*aria-labelledby="${id}">.*?</section>`, 's').exec(html)?.[0] ?? ''
}

t.test('every page of the sample, minimal and hostile publications is valid HTML', async (t) => {
  for (const fixture of FIXTURES) {
    const { pages } = await everyPageOf(fixture)
    for (const page of pages) {
      t.same(await htmlProblems(page.html), [], `${fixture} ${page.name} is valid HTML`)
    }
  }
})

t.test('every HTML document published, tag and archive pages and feed previews too, is valid HTML', async (t) => {
  for (const fixture of FIXTURES) {
    const published = await publish((await loadFixture(fixture)).publication)
    const documents = [...published.files.values()].flatMap((file) => [
      ...(file.type.startsWith('text/html') ? [{ name: file.path, html: file.representations.identity.body!.toString('utf8') }] : []),
      ...(file.preview === undefined ? [] : [{ name: `preview of ${file.path}`, html: file.preview.identity.body!.toString('utf8') }])
    ])
    t.ok(documents.some((document) => document.name.startsWith('/tags/')), 'tag pages are among them')
    for (const document of documents) {
      t.same(await htmlProblems(document.html), [], `${fixture} ${document.name} is valid HTML`)
    }
  }
})

t.test('every page offers all four feeds to feed readers', async (t) => {
  for (const fixture of FIXTURES) {
    const { publication, pages } = await everyPageOf(fixture)
    const { feedUrls } = publication
    for (const page of pages) {
      const feeds = tagsNamed(page.html, 'link').filter((link) => link.rel === 'alternate')
      t.same(feeds.map(({ type, href }) => ({ type, href })), [
        { type: 'application/rss+xml', href: feedUrls.rss },
        { type: 'application/atom+xml', href: feedUrls.atom },
        { type: 'application/feed+json', href: feedUrls.jsonFeed },
        { type: 'application/rss+xml', href: feedUrls.podcast }
      ], `${fixture} ${page.name}`)
      t.ok(feeds.every((feed) => feed.title?.startsWith(publication.site.title)), 'each titled with the site\'s name')
    }
  }
})

t.test('every page has a doctype, language, charset, viewport, title, description and canonical link', async (t) => {
  const { publication, pages } = await everyPageOf('minimal')
  for (const page of pages) {
    t.ok(page.html.startsWith('<!doctype html>\n<html lang="en">\n'), page.name)
    t.ok(page.html.endsWith('</html>\n'), 'ends with a newline')
    t.match(page.html, '<meta charset="utf-8">')
    t.match(page.html, '<meta name="viewport" content="width=device-width, initial-scale=1">')
    t.equal(tagsNamed(page.html, 'meta').filter((meta) => meta.name === 'description').length, 1)
    t.equal(tagsNamed(page.html, 'link').filter((link) => link.rel === 'canonical').length, 1)
  }
  const [home, second] = pages
  t.same(tagsNamed(home!.html, 'link').find((link) => link.rel === 'canonical'), { rel: 'canonical', href: 'https://example.test/' })
  t.equal(textOfElement(home!.html, 'title'), 'Minimal Weekly')
  t.same(tagsNamed(second!.html, 'link').find((link) => link.rel === 'canonical'), { rel: 'canonical', href: publication.issues[0]!.url })
  t.equal(textOfElement(second!.html, 'title'), 'The second issue — Minimal Weekly')
  t.same(tagsNamed(second!.html, 'meta').find((meta) => meta.name === 'description'), { name: 'description', content: 'A second issue, without an episode.' })
})

t.test('the home page offers the podcast in the apps the show is on, and the feeds by address', async (t) => {
  const { publication } = await loadFixture('sample')
  const subscribe = sectionOf(renderHomePage(publication), 'subscribe')
  t.same(linksIn(subscribe), [
    { href: 'https://open.spotify.com/show/PLACEHOLDER', text: 'Spotify' },
    { href: 'https://www.youtube.com/@PLACEHOLDER-apart-research', text: 'YouTube' },
    { href: 'https://antennapod.org/deeplink/subscribe?url=https%3A%2F%2Ffeedwright.example%2Fpodcast.xml&title=ML%20%26%20AI%20Safety%20Update', text: 'AntennaPod' },
    { href: 'https://feedwright.example/atom.xml', text: 'Atom' },
    { href: 'https://feedwright.example/feed.json', text: 'JSON Feed' },
    { href: 'https://feedwright.example/feeds.opml', text: 'every feed at once (OPML)' }
  ], 'no Apple Podcasts, Overcast or Pocket Casts without the show\'s Apple Podcasts id')
  t.same(tagsNamed(subscribe, 'input').map((input) => input.value), ['https://feedwright.example/podcast.xml', 'https://feedwright.example/feed.xml'], 'the podcast and RSS addresses to copy')
  t.same(tagsNamed(subscribe, 'button').map((button) => ({ type: button.type, copies: button['data-copy'], hidden: button.hidden })), [
    { type: 'button', copies: 'podcast-feed', hidden: '' },
    { type: 'button', copies: 'rss-feed', hidden: '' }
  ], 'each with a copy button, hidden until the script finds a clipboard')
})

t.test('with its Apple Podcasts address the show is offered in Apple Podcasts, Overcast and Pocket Casts too', async (t) => {
  const { publication } = await loadFixture('minimal')
  const site = { ...publication.site, applePodcastsId: '1234567890', youtube: undefined, spotify: undefined }
  const apps = linksIn(sectionOf(renderHomePage({ ...publication, site }), 'subscribe')).slice(0, 4)
  t.same(apps, [
    { href: 'https://podcasts.apple.com/podcast/id1234567890', text: 'Apple Podcasts' },
    { href: 'https://overcast.fm/itunes1234567890', text: 'Overcast' },
    { href: 'https://pca.st/itunes/1234567890', text: 'Pocket Casts' },
    { href: `https://antennapod.org/deeplink/subscribe?url=${encodeURIComponent(publication.feedUrls.podcast!)}&title=Minimal%20Weekly`, text: 'AntennaPod' }
  ])
})

t.test('a publication without episodes offers no podcast apps, only the feeds', async (t) => {
  const { publication } = await loadFixture('minimal')
  const subscribe = sectionOf(renderHomePage({ ...publication, episodes: [] }), 'subscribe')
  t.notMatch(subscribe, 'AntennaPod')
  t.same(tagsNamed(subscribe, 'input').map((input) => input.value), [publication.feedUrls.rss])
})

t.test('every issue page has the same subscribe area as the home page', async (t) => {
  const { publication } = await loadFixture('minimal')
  const home = sectionOf(renderHomePage(publication), 'subscribe')
  for (const issue of publication.issues) t.equal(sectionOf(renderIssuePage(publication, issue), 'subscribe'), home, issue.slug)
})

t.test('the home page introduces the publication with its title, description and artwork', async (t) => {
  const { publication } = await loadFixture('sample')
  const html = renderHomePage(publication)
  t.equal(textOfElement(html, 'h1'), 'ML & AI Safety Update')
  t.match(html, `<p>${publication.site.description}</p>`)
  t.same(tagsNamed(html, 'img'), [{
    src: 'https://feedwright.example/media/artwork.jpg',
    alt: 'Cover art of ML & AI Safety Update',
    width: '1400',
    height: '1400'
  }])
})

t.test('the home page lists issues newest first, each linking to its page with its date and summary', async (t) => {
  const { publication } = await loadFixture('minimal')
  const issues = sectionOf(renderHomePage(publication), 'issues')
  t.same(linksIn(issues), [
    { href: 'https://example.test/issues/second/', text: 'The second issue' },
    { href: 'https://example.test/issues/first/', text: 'The first issue' }
  ])
  t.same(tagsNamed(issues, 'time').map((time) => time.datetime), ['2024-01-12T07:00:00Z', '2024-01-05T09:00:00Z'])
  t.match(issues, '<time datetime="2024-01-12T07:00:00Z">12 January 2024</time>')
  t.match(issues, '<p>A second issue, without an episode.</p>')
})

t.test('the home page marks only the issues that have an episode', async (t) => {
  const { publication } = await loadFixture('minimal')
  const [second, first] = sectionOf(renderHomePage(publication), 'issues').split('<li>').slice(1)
  t.notMatch(second, 'with episode')
  t.match(first, '<span class="marker">with episode</span>')
})

t.test('the home page lists episodes without an issue under Bonus episodes', async (t) => {
  const { publication } = await loadFixture('minimal')
  const bonus = sectionOf(renderHomePage(publication), 'bonus-episodes')
  t.match(bonus, '<h2 id="bonus-episodes">Bonus episodes</h2>')
  t.same(linksIn(bonus), [{ href: 'https://example.test/episodes/bonus/', text: 'Bonus: Listener questions' }])
  const sample = (await loadFixture('sample')).publication
  const withIssues = { ...sample, episodes: sample.episodes.filter((episode) => episode.issueSlug !== undefined) }
  t.equal(sectionOf(renderHomePage(withIssues), 'bonus-episodes'), '', 'no empty section when every episode has an issue')
})

t.test('a publication with nothing published yet still has a valid home page', async (t) => {
  const { publication } = await loadFixture('minimal')
  const site = { ...publication.site, copyright: undefined }
  const html = renderHomePage({ ...publication, site, issues: [], episodes: [] })
  t.same(await htmlProblems(html), [])
  t.match(sectionOf(html, 'issues'), '<p>No issues yet.</p>')
  t.notMatch(html, '<footer>', 'no empty footer without a copyright')
})

t.test('an issue with an episode can be played, downloaded, watched on YouTube and streamed on Spotify', async (t) => {
  const { publication } = await loadFixture('sample')
  const [issue] = publication.issues
  const listen = sectionOf(renderIssuePage(publication, issue!), 'listen')
  t.same(tagsNamed(listen, 'audio'), [{ controls: '', preload: 'none' }], 'no audio is fetched until the reader presses play')
  t.same(tagsNamed(listen, 'source'), [{ src: 'https://feedwright.example/media/w04.mp3', type: 'audio/mpeg' }], 'the enclosure\'s URL and type')
  t.same(linksIn(listen), [
    { href: 'https://feedwright.example/media/w04.mp3', text: 'Download the audio' },
    { href: 'https://feedwright.example/media/w04-16k.mp3', text: 'Download: Low bandwidth' },
    { href: 'https://www.youtube.com/watch?v=PLACEHOLDER-W04', text: 'Watch on YouTube' },
    { href: 'https://open.spotify.com/episode/PLACEHOLDER-W04', text: 'Listen on Spotify' },
    { href: 'https://feedwright.example/media/w04.vtt', text: 'Transcript (en)' },
    { href: 'https://feedwright.example/media/w04.chapters.json', text: 'Chapters' }
  ])
  t.match(listen, '(0.2 MB · <time datetime="PT47S">00:47</time>)', 'size and duration of the download')
})

t.test('an issue page shows its title, date, authors, tags and body, and links home', async (t) => {
  const { publication } = await loadFixture('minimal')
  const first = publication.issues.find((issue) => issue.slug === 'first')!
  const html = renderIssuePage(publication, first)
  t.equal(textOfElement(html, 'h1'), 'The first issue')
  t.match(html, '<time datetime="2024-01-05T09:00:00Z">5 January 2024</time> · By <a href="https://example.test/about">Ada Example</a>')
  t.notMatch(html, 'ada@example.test', 'no email address for harvesters')
  t.match(html, 'Tags: <a href="https://example.test/tags/testing/">testing</a>, <a href="https://example.test/tags/feeds/">feeds</a>', 'each tag links to its page')
  t.match(html, first.html)
  t.match(html, '<a href="https://example.test/">← All issues of Minimal Weekly</a>')
})

t.test('an issue page names every author, and none when it has none', async (t) => {
  const { publication } = await loadFixture('minimal')
  const [second] = publication.issues
  const authors = [{ name: 'Ada' }, { name: 'Grace', url: 'https://example.test/grace' }, { name: 'Edsger' }]
  t.match(renderIssuePage(publication, { ...second!, authors }), ' · By Ada, <a href="https://example.test/grace">Grace</a> and Edsger</p>')
  t.match(renderIssuePage(publication, { ...second!, authors: [] }), '<p class="meta"><time datetime="2024-01-12T07:00:00Z">12 January 2024</time></p>')
})

t.test('an issue page without an episode has no player', async (t) => {
  const { publication } = await loadFixture('minimal')
  const second = publication.issues.find((issue) => issue.slug === 'second')!
  t.notMatch(renderIssuePage(publication, second), '<audio')
})

t.test('an updated issue shows both dates', async (t) => {
  const { publication } = await loadFixture('hostile')
  const updated = publication.issues.find((issue) => issue.slug === 'updated')!
  t.match(renderIssuePage(publication, updated),
    '<time datetime="2024-02-01T10:00:00Z">1 February 2024</time> · updated <time datetime="2024-02-03T15:30:00Z">3 February 2024</time>')
})

t.test('a bonus episode page has its title, date, show notes and player', async (t) => {
  const { publication } = await loadFixture('minimal')
  const [bonus] = bonusEpisodesOf(publication)
  const html = renderEpisodePage(publication, bonus!)
  t.equal(textOfElement(html, 'h1'), 'Bonus: Listener questions')
  t.same(tagsNamed(html, 'link').find((link) => link.rel === 'canonical')?.href, 'https://example.test/episodes/bonus/')
  t.match(html, '<time datetime="2024-01-08T12:00:00Z">8 January 2024</time>')
  t.match(html, bonus!.showNotesHtml)
  t.same(tagsNamed(html, 'source'), [{ src: 'https://example.test/media/tone.mp3', type: 'audio/mpeg' }])
  t.same(linksIn(sectionOf(html, 'listen')).map((link) => link.text), ['Download the audio', 'Transcript'], 'no chapters, no platforms it is not on')
})

t.test('hostile titles and names are escaped and read back as written', async (t) => {
  const { publication } = await loadFixture('hostile')
  const nasty = publication.issues.find((issue) => issue.slug === 'nasty')!
  const html = renderIssuePage(publication, nasty)
  t.equal(textOfElement(html, 'title'), 'Fish & <Chips> ]]> and ]]> againend — Q&A <Weekly> ]]> News')
  t.equal(textOfElement(html, 'h1'), 'Fish & <Chips> ]]> and ]]> againend')
  t.match(html, '<h1>Fish &amp; &lt;Chips&gt; ]]&gt; and ]]&gt; againend</h1>')
  t.match(html, 'Tags: <a href="https://example.test/tags/a-b/">a&amp;b</a>, <a href="https://example.test/tags/tag/">&lt;tag&gt;</a>, <a href="https://example.test/tags/tag-2606bed5/">]]&gt;</a>')
  t.match(html, 'By Hostile &amp; &lt;Author&gt;')
  t.match(html, '<a href="https://www.youtube.com/watch?v=nasty1&amp;t=42s">Watch on YouTube</a>', 'ampersands in URLs too')
  t.same(tagsNamed(html, 'link').find((link) => link.rel === 'alternate')?.title, 'Q&A <Weekly> ]]> News (RSS)')
  const home = renderHomePage(publication)
  t.match(home, '<a href="https://example.test/issues/nasty/">Fish &amp; &lt;Chips&gt; ]]&gt; and ]]&gt; againend</a>')
  t.match(home, '<p>Summary with ]]&gt; inside &amp; a controlcharacter &lt;em&gt;not html&lt;/em&gt;</p>', 'a summary is text, not markup')
})

// OpenGraph properties as a link preview reads them: every value of each property, in order.
function shareTagsOf (html: string): Record<string, string[]> {
  const tags: Record<string, string[]> = {}
  for (const meta of tagsNamed(html, 'meta')) {
    const key = meta.property ?? (meta.name?.startsWith('twitter:') === true ? meta.name : undefined)
    if (key !== undefined) (tags[key] ??= []).push(meta.content ?? '')
  }
  return tags
}

t.test('an issue shared in a chat shows its title, summary, date, tags, image and episode', async (t) => {
  const { publication } = await loadFixture('minimal')
  const first = publication.issues.find((issue) => issue.slug === 'first')!
  t.same(shareTagsOf(renderIssuePage(publication, first)), {
    'og:type': ['article'],
    'og:site_name': ['Minimal Weekly'],
    'og:title': ['The first issue'],
    'og:description': ['Our very first issue, with an episode to go with it.'],
    'og:url': ['https://example.test/issues/first/'],
    'og:image': ['https://example.test/media/artwork.png'],
    'og:image:width': ['1400'],
    'og:image:height': ['1400'],
    'og:image:alt': ['Cover art of Minimal Weekly'],
    'og:audio': ['https://example.test/media/tone.mp3'],
    'og:audio:type': ['audio/mpeg'],
    'article:published_time': ['2024-01-05T09:00:00Z'],
    'article:tag': ['testing', 'feeds'],
    'twitter:card': ['summary']
  })
})

t.test('an issue with a picture of its own is shared with that picture, in the large card', async (t) => {
  const { publication } = await loadFixture('minimal')
  const [second] = publication.issues
  const html = '<p>Text</p>\n<p><img src="https://cdn.example.test/chart.png?w=1200&amp;h=630" alt="A chart &amp; its &quot;legend&quot;" /></p>\n<p><img src="https://example.test/media/other.png" alt="second" /></p>'
  const tags = shareTagsOf(renderIssuePage(publication, { ...second!, html, updated: new Date('2024-01-13T10:00:00Z') }))
  t.same(tags['og:image'], ['https://cdn.example.test/chart.png?w=1200&h=630'], 'the first picture, its URL decoded')
  t.same(tags['og:image:alt'], ['A chart & its "legend"'])
  t.equal(tags['og:image:width'], undefined, 'no size is claimed for a picture never measured')
  t.same(tags['twitter:card'], ['summary_large_image'])
  t.same(tags['article:modified_time'], ['2024-01-13T10:00:00Z'])
  t.equal(tags['og:audio'], undefined, 'no episode, no audio')
})

t.test('the home, tag, archive and bonus episode pages are shared too; the 404 page is not', async (t) => {
  const { publication } = await loadFixture('minimal')
  const home = shareTagsOf(renderHomePage(publication))
  t.same(home['og:type'], ['website'])
  t.same(home['og:title'], ['Minimal Weekly'])
  t.same(home['og:url'], ['https://example.test/'])
  t.same(home['og:image'], ['https://example.test/media/artwork.png'])
  const tag = tagsOf(publication)[0]!
  t.same(shareTagsOf(renderTagPage(publication, tag))['og:url'], [tag.url])
  const many = { ...publication, site: { ...publication.site, feedSize: 1 } }
  t.same(shareTagsOf(renderArchivePage(many, 1))['og:url'], ['https://example.test/archive/1/'])
  const bonus = bonusEpisodesOf(publication)[0]!
  const episode = shareTagsOf(renderEpisodePage(publication, bonus))
  t.same(episode['og:type'], ['article'])
  t.same(episode['og:audio'], ['https://example.test/media/tone.mp3'])
  t.same(episode['article:published_time'], ['2024-01-08T12:00:00Z'])
  const notFound = renderNotFoundPage(publication)
  t.same(shareTagsOf(notFound), {}, 'no preview for a page that is not one')
  t.same(tagsNamed(notFound, 'link').filter((link) => link.rel === 'canonical'), [], 'no canonical address: it is served at any')
  t.match(notFound, '<meta name="robots" content="noindex">')
})

t.test('every page names the favicon, the touch icon and the manifest', async (t) => {
  const { pages } = await everyPageOf('minimal')
  for (const page of pages) {
    const links = tagsNamed(page.html, 'link').filter((link) => ['icon', 'apple-touch-icon', 'manifest'].includes(link.rel ?? ''))
    t.same(links, [
      { rel: 'icon', href: 'https://example.test/favicon.ico', sizes: '16x16 32x32 48x48' },
      { rel: 'apple-touch-icon', href: 'https://example.test/apple-touch-icon.png' },
      { rel: 'manifest', href: 'https://example.test/manifest.webmanifest' }
    ], page.name)
  }
})

t.test('each issue page links the issues just before and after it', async (t) => {
  const { publication } = await loadFixture('minimal')
  const third = { ...publication.issues[0]!, slug: 'third', title: 'The <third> issue', url: 'https://example.test/issues/third/', date: new Date('2024-01-19T09:00:00Z') }
  const three = { ...publication, issues: [third, ...publication.issues] }
  const navOf = (html: string): Array<{ rel?: string, href?: string }> =>
    tagsNamed(/<nav class="issues".*?<\/nav>/s.exec(html)?.[0] ?? '', 'a').map(({ rel, href }) => ({ rel, href }))
  t.same(navOf(renderIssuePage(three, three.issues[0]!)), [{ rel: 'prev', href: 'https://example.test/issues/second/' }], 'the newest has only a previous issue')
  t.same(navOf(renderIssuePage(three, three.issues[1]!)), [
    { rel: 'prev', href: 'https://example.test/issues/first/' },
    { rel: 'next', href: 'https://example.test/issues/third/' }
  ])
  t.same(navOf(renderIssuePage(three, three.issues[2]!)), [{ rel: 'next', href: 'https://example.test/issues/second/' }], 'the oldest has only a next issue')
  t.match(renderIssuePage(three, three.issues[1]!), '<span>Next issue →</span>The &lt;third&gt; issue</a>', 'titled, and escaped')
  const alone = { ...publication, issues: [publication.issues[0]!] }
  t.notMatch(renderIssuePage(alone, alone.issues[0]!), '<nav class="issues"', 'no empty navigation for a single issue')
})

t.test('the 404 page links home and lists the five newest issues', async (t) => {
  const { publication } = await loadFixture('minimal')
  const issues = Array.from({ length: 7 }, (_, index) => ({ ...publication.issues[0]!, slug: `n${index}`, title: `Issue ${index}`, url: `https://example.test/issues/n${index}/` }))
  const html = renderNotFoundPage({ ...publication, issues })
  t.equal(textOfElement(html, 'h1'), 'Page not found')
  t.match(html, '<a href="https://example.test/">home page</a>')
  t.same(linksIn(sectionOf(html, 'issues')).map((link) => link.text), ['Issue 0', 'Issue 1', 'Issue 2', 'Issue 3', 'Issue 4'])
  t.match(sectionOf(html, 'issues'), '<h2 id="issues">Newest issues</h2>')
  t.same(await htmlProblems(html), [])
})

t.test('pages run only their own few lines of script: the copy buttons\' where there are some, the player\'s where there is audio', async (t) => {
  const scripts = new Set<string>()
  for (const fixture of FIXTURES) {
    const published = await publish((await loadFixture(fixture)).publication)
    for (const file of published.files.values()) {
      if (!file.type.startsWith('text/html')) continue
      const html = file.representations.identity.body!.toString('utf8')
      const playerless = html.replace(PLAYER_SCRIPT, '')
      t.equal(html.includes(PLAYER_SCRIPT), html.includes('<audio'), `${fixture} ${file.path}: the player's script with the player`)
      for (const [, script] of playerless.matchAll(/<script>(.*?)<\/script>/gs)) scripts.add(script!)
      t.equal(playerless.includes('<script>'), html.includes('data-copy='), `${fixture} ${file.path}: the copy script with copy buttons`)
      t.notMatch(html, /<script\s+src|javascript:|\son\w+=/i, 'no script from elsewhere, no inline handlers')
    }
  }
  t.equal(scripts.size, 1, 'one script, the same on every page')
  t.match([...scripts][0], 'navigator.clipboard.writeText(field.value)')
})

t.test('drafts appear on no page', async (t) => {
  const { pages } = await everyPageOf('hostile')
  t.equal(pages.length, 5, 'home, three published issues and the one episode')
  for (const page of pages) t.notMatch(page.html, 'DRAFT-SECRET', page.name)
})

t.test('rendering the same publication twice gives the same pages', async (t) => {
  for (const fixture of FIXTURES) {
    const { publication, pages } = await everyPageOf(fixture)
    const reloaded = (await loadFresh(fixture)).publication
    t.same(renderEveryPage(publication), pages, `${fixture}, same object`)
    t.same(renderEveryPage(reloaded), pages, `${fixture}, loaded again`)
  }
})

t.test('dates are written in words in UTC, whatever the machine\'s time zone', async (t) => {
  const saved = process.env.TZ
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })
  process.env.TZ = 'Pacific/Kiritimati'
  const lateEvening = new Date('2024-03-07T23:00:00Z')
  t.equal(lateEvening.getDate(), 8, 'already 8 March at UTC+14')
  t.equal(formatHumanDate(lateEvening), '7 March 2024')
  t.equal(formatHumanDate(new Date('2023-01-27T16:00:00Z')), '27 January 2023')
  t.equal(formatHumanDate(new Date('1999-12-31T00:00:00Z')), '31 December 1999')
})

t.test('durations read as mm:ss, with hours for long episodes', async (t) => {
  t.equal(formatDuration(0), '00:00')
  t.equal(formatDuration(47), '00:47')
  t.equal(formatDuration(3599), '59:59')
  t.equal(formatDuration(3725), '1:02:05')
})

t.test('download sizes read in megabytes', async (t) => {
  t.equal(formatMegabytes(8255), 'under 0.1 MB')
  t.equal(formatMegabytes(188_075), '0.2 MB')
  t.equal(formatMegabytes(9_949_999), '9.9 MB')
  t.equal(formatMegabytes(48_600_000), '49 MB')
})
