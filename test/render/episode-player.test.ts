import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { HtmlValidate } from 'html-validate'
import t from 'tap'
import type { Episode, Publication } from '../../src/model/publication.ts'
import { embedUrl, renderEpisodePlayer } from '../../src/render/episode-player.ts'
import { renderEpisodePage, renderIssuePage } from '../../src/render/html.ts'
import { renderPodcast } from '../../src/render/podcast.ts'
import { loadFixture, parseXml, publicationDirs } from '../helpers.ts'

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: { 'doctype-style': ['error', { style: 'lowercase' }], 'void-style': 'off', 'long-title': 'off' }
})

async function sampleEpisode (): Promise<{ publication: Publication, episode: Episode, html: string }> {
  const { publication } = await loadFixture('sample')
  const episode = publication.episodes.find((candidate) => candidate.slug === 'w04')!
  return { publication, episode, html: renderEpisodePage(publication, episode) }
}

function attributesOf (html: string, tag: string): Array<Record<string, string>> {
  return [...html.matchAll(new RegExp(`<${tag}\\b([^>]*)>`, 'g'))].map(([, source]) =>
    Object.fromEntries([...(source ?? '').matchAll(/([\w-]+)(?:="([^"]*)")?/g)].map(([, name, value]) => [name, (value ?? '').replaceAll('&amp;', '&')])))
}

t.test('every episode has its own page, valid and accessible HTML, and the podcast item links to it', async (t) => {
  for (const fixture of ['sample', 'minimal', 'podcasting', 'hostile']) {
    const { publication } = await loadFixture(fixture)
    const items = (await parseXml(renderPodcast(publication))).rss.channel[0].item
    for (const episode of publication.episodes) {
      const report = await validator.validateString(renderEpisodePage(publication, episode))
      t.ok(report.valid, `${fixture} ${episode.slug}: ${report.results.flatMap((result) => result.messages.map((message) => message.message)).join('; ')}`)
      t.ok(items.some((item: any) => item.link[0] === episode.url), `${fixture} ${episode.slug}: item link is ${episode.url}`)
    }
  }
})

t.test('an episode that goes with an issue links to it, and the issue page shows the same player', async (t) => {
  const { publication, episode, html } = await sampleEpisode()
  const issue = publication.issues.find((candidate) => candidate.slug === episode.issueSlug)!
  t.match(html, `<a href="${issue.url}">Read the issue this episode goes with</a>`)
  t.ok(renderIssuePage(publication, issue).includes(renderEpisodePlayer(episode, publication.site.language)), 'one shared component')
})

t.test('the WebVTT transcript is the player\'s captions track, in its language', async (t) => {
  const { html, episode } = await sampleEpisode()
  t.same(attributesOf(html, 'track'), [{ kind: 'captions', src: episode.transcripts[0]!.url, srclang: 'en', label: 'Captions (en)', default: '' }])
  t.same(attributesOf(html, 'audio'), [{ controls: '', preload: 'none' }], 'nothing downloads before play')
})

t.test('chapters are links that seek the player, at the times of the chapters file', async (t) => {
  const { html, episode } = await sampleEpisode()
  const file = JSON.parse(await readFile(path.join(publicationDirs('sample').mediaDir, 'w04.chapters.json'), 'utf8')) as { chapters: Array<{ startTime: number, title: string }> }
  const section = html.slice(html.indexOf('<section aria-labelledby="chapters">'), html.indexOf('</section>', html.indexOf('<section aria-labelledby="chapters">')))
  const links = attributesOf(section, 'a')
  t.same(links.map((link) => Number(link['data-seek'])), file.chapters.map((chapter) => chapter.startTime))
  t.same(links.map((link) => link.href), file.chapters.map((chapter) => `${episode.audio.url}#t=${chapter.startTime}`), 'without JavaScript, the audio opens at that time')
  for (const chapter of file.chapters) t.match(section, `</a> ${chapter.title}</li>`)
})

t.test('the transcript reads as text, every cue in order, each line seeking the player', async (t) => {
  const { html } = await sampleEpisode()
  const vtt = await readFile(path.join(publicationDirs('sample').mediaDir, 'w04.vtt'), 'utf8')
  const spoken = vtt.split(/\r?\n\r?\n/).slice(1).map((block) => block.split('\n').slice(2).join(' ').trim()).filter(Boolean)
  const section = html.slice(html.indexOf('<section aria-labelledby="transcript">'))
  const lines = [...section.matchAll(/<p><a [^>]*data-seek="([\d.]+)"[^>]*>.*?<\/a> (.*?)<\/p>/g)]
  t.same(lines.map(([, , text]) => text!.replaceAll('&amp;', '&')), spoken)
  t.same(lines.map(([, seconds]) => Number(seconds)), [0, 7.887, 18.634, 29.628, 40.236], 'the cue start times')
})

t.test('nothing loads from YouTube or Spotify until the reader asks', async (t) => {
  const { publication } = await loadFixture('minimal')
  const html = renderEpisodePage(publication, publication.episodes.find((episode) => episode.slug === 'first-episode')!)
  t.notMatch(html, /<iframe/, 'no frame in the page')
  t.notMatch(html, /\ssrc="https:\/\/(www\.)?(youtube|youtube-nocookie|open\.spotify)\.com/, 'no source attribute on those hosts')
  const buttons = attributesOf(html, 'button')
  t.same(buttons.map((button) => [button.type, button['data-title']]), [['button', 'YouTube player'], ['button', 'Spotify player']])
  t.same(buttons.map((button) => button['data-embed']), ['https://www.youtube-nocookie.com/embed/abc123', 'https://open.spotify.com/embed/episode/xyz789'])
  t.match(html, 'Loads the player from www.youtube-nocookie.com')
})

t.test('embed addresses: YouTube through youtube-nocookie.com, Spotify episodes and shows; other pages are not embedded', async (t) => {
  const youtube = (url: string) => embedUrl({ url, label: '', platform: 'YouTube' })
  t.equal(youtube('https://www.youtube.com/watch?v=abc123&t=42s'), 'https://www.youtube-nocookie.com/embed/abc123')
  t.equal(youtube('https://youtu.be/abc123'), 'https://www.youtube-nocookie.com/embed/abc123')
  t.equal(youtube('https://www.youtube.com/shorts/abc123'), 'https://www.youtube-nocookie.com/embed/abc123')
  t.equal(youtube('https://www.youtube.com/@channel'), undefined, 'a channel is only linked')
  t.equal(youtube('https://www.youtube.com/watch?v=%22%3E%3Cscript%3E'), undefined, 'a hostile id is not embedded')
  t.equal(embedUrl({ url: 'https://open.spotify.com/episode/xyz789', label: '', platform: 'Spotify' }), 'https://open.spotify.com/embed/episode/xyz789')
  t.equal(embedUrl({ url: 'https://video.example.test/w/1', label: 'Watch on PeerTube' }), undefined)
})

t.test('hostile cue text and chapter titles are escaped', async (t) => {
  const { publication, episode } = await sampleEpisode()
  const hostile: Episode = {
    ...episode,
    transcripts: [{ ...episode.transcripts[0]!, cues: [{ start: 1, end: 2, text: '<script>alert(1)</script> & "quotes"' }] }],
    chapterMarks: [{ startTime: 3, title: '<img src=x onerror=alert(1)>' }]
  }
  const html = renderEpisodePlayer(hostile, publication.site.language)
  t.match(html, '</a> &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;</p>')
  t.match(html, '</a> &lt;img src=x onerror=alert(1)&gt;</li>')
  t.notMatch(html, '<img')
})

t.test('other files of the episode can be downloaded; the enclosure over other transports is not listed twice', async (t) => {
  const { publication } = await loadFixture('podcasting')
  const first = publication.episodes.find((episode) => episode.slug === 'first')!
  const html = renderEpisodePlayer(first, publication.site.language)
  t.match(html, '<a href="https://example.test/media/tone-low.mp3">Download: Low bandwidth</a>')
  t.match(html, '<a href="https://video.example.test/first-1080.mp4">Download: video/mp4</a> (11 MB)')
  t.equal(html.split('https://example.test/media/tone.mp3"').length - 1, 2, 'the enclosure: its source and its download link')
  t.match(html, '<a href="https://example.test/first.es.srt">Transcript (es)</a>')
})
