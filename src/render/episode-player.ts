import type { ChapterMark, ContentLink, Cue, Episode } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'

// The episode as a page offers it, on its own page and on its issue's: the player with captions,
// downloads, chapters and transcript lines that seek the player, and the YouTube and Spotify
// players, which load nothing from those sites until the reader asks for them.

/** The whole episode block: player and downloads, then chapters, video and streaming players, transcript. */
export function renderEpisodePlayer (episode: Episode, language: string): string {
  return joinLines(
    renderListen(episode, language),
    episode.chapterMarks.length > 0 && renderChapters(episode.chapterMarks, episode.audio.url),
    renderEmbeds(episode.contentLinks),
    renderTranscript(episode, language),
    PLAYER_SCRIPT
  )
}

/**
 * Where a platform's player is embedded from, or undefined for a page that cannot be embedded.
 * YouTube through youtube-nocookie.com, which sets no cookies until the video plays.
 */
export function embedUrl (link: ContentLink): string | undefined {
  let url: URL
  try {
    url = new URL(link.url)
  } catch {
    return undefined
  }
  if (link.platform === 'YouTube') {
    const id = url.hostname === 'youtu.be' ? url.pathname.slice(1) : url.searchParams.get('v') ?? url.pathname.match(/^\/(?:embed|shorts|live)\/([^/]+)/)?.[1]
    return id !== undefined && id !== null && /^[\w-]{6,}$/.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : undefined
  }
  if (link.platform === 'Spotify') {
    const match = url.pathname.match(/^\/(episode|show)\/([A-Za-z0-9]+)$/)
    return match === null ? undefined : `https://open.spotify.com/embed/${match[1]!}/${match[2]!}`
  }
  return undefined
}

/** A time as players show it: `mm:ss`, or `h:mm:ss` from an hour on. */
export function formatClock (seconds: number): string {
  const whole = Math.floor(seconds)
  const hours = Math.floor(whole / 3600)
  const minutesAndSeconds = `${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`
  return hours > 0 ? `${hours}:${minutesAndSeconds}` : minutesAndSeconds
}

function renderListen (episode: Episode, language: string): string {
  const { audio } = episode
  // Browsers show WebVTT only; a SubRip transcript is offered as a download and as text below.
  const tracks = episode.transcripts.filter((transcript) => transcript.type === 'text/vtt')
  return joinLines(
    '<section class="episode" aria-labelledby="listen">',
    '<h2 id="listen">Listen</h2>',
    // preload="none": opening the page must not fetch the audio, which would waste data and count as a download.
    '<audio controls preload="none">',
    `<source src="${escapeHtml(audio.url)}" type="${escapeHtml(audio.type)}">`,
    ...tracks.map((track, index) => {
      const lang = track.language ?? language
      return `<track kind="captions" src="${escapeHtml(track.url)}" srclang="${escapeHtml(lang)}" label="${escapeHtml(`Captions (${lang})`)}"${index === 0 ? ' default' : ''}>`
    }),
    '</audio>',
    '<ul>',
    `<li>${renderLink(audio.url, 'Download the audio')} (${joinSeparated(formatMegabytes(audio.length), audio.durationSeconds !== undefined && renderDuration(audio.durationSeconds))})</li>`,
    ...episode.alternateEnclosures
      .filter((enclosure) => !enclosure.default && enclosure.sources[0]?.uri.startsWith('https://') === true)
      .map((enclosure) => `<li>${renderLink(enclosure.sources[0]!.uri, `Download: ${enclosure.title ?? enclosure.type}`)}${enclosure.length === undefined || enclosure.length === 0 ? '' : ` (${formatMegabytes(enclosure.length)})`}</li>`),
    ...episode.contentLinks.map((link) => `<li>${renderLink(link.url, link.label)}</li>`),
    ...episode.transcripts.map((transcript) => `<li>${renderLink(transcript.url, transcript.language === undefined ? 'Transcript' : `Transcript (${transcript.language})`)}</li>`),
    episode.chapters !== undefined && `<li>${renderLink(episode.chapters.url, 'Chapters')}</li>`,
    '</ul>',
    '</section>'
  )
}

function renderChapters (chapters: readonly ChapterMark[], audioUrl: string): string {
  return joinLines(
    '<section aria-labelledby="chapters">',
    '<h2 id="chapters">Chapters</h2>',
    '<ol class="chapters">',
    ...chapters.map((chapter) => `<li>${renderSeekLink(audioUrl, chapter.startTime)} ${escapeHtml(chapter.title ?? `Chapter at ${formatClock(chapter.startTime)}`)}</li>`),
    '</ol>',
    '</section>'
  )
}

function renderEmbeds (links: readonly ContentLink[]): string | false {
  const embeds = links.flatMap((link) => {
    const src = embedUrl(link)
    return src === undefined ? [] : [{ link, src, host: new URL(src).hostname }]
  })
  if (embeds.length === 0) return false
  return joinLines(
    '<section aria-labelledby="elsewhere">',
    '<h2 id="elsewhere">Watch and stream</h2>',
    ...embeds.map(({ link, src, host }) => joinLines(
      '<div class="embed">',
      // Click-to-load: the page names the site, and nothing is fetched from it before the click.
      `<button type="button" data-embed="${escapeHtml(src)}" data-title="${escapeHtml(`${link.platform!} player`)}">Show the ${escapeHtml(link.platform!)} player</button>`,
      `<p class="meta">Loads the player from ${escapeHtml(host)}, which may set cookies. Or open it there: ${renderLink(link.url, link.label)}</p>`,
      '</div>'
    )),
    '</section>'
  )
}

function renderTranscript (episode: Episode, language: string): string | false {
  const transcript = episode.transcripts.find((candidate) => candidate.cues.length > 0)
  if (transcript === undefined) return false
  const lang = transcript.language ?? language
  return joinLines(
    '<section aria-labelledby="transcript">',
    '<h2 id="transcript">Transcript</h2>',
    // The lang attribute only where it differs from the page's, so screen readers switch voice.
    `<details${lang === language ? '' : ` lang="${escapeHtml(lang)}"`}>`,
    '<summary>Read the transcript</summary>',
    ...transcript.cues.map((cue: Cue) => `<p>${renderSeekLink(episode.audio.url, cue.start)} ${escapeHtml(cue.text)}</p>`),
    '</details>',
    '</section>'
  )
}

// Without JavaScript the link opens the audio at that time (a media fragment); with it, the page's player seeks.
function renderSeekLink (audioUrl: string, seconds: number): string {
  const at = Number(seconds.toFixed(3))
  return `<a href="${escapeHtml(`${audioUrl}#t=${at}`)}" data-seek="${at}"><time datetime="PT${at}S">${formatClock(seconds)}</time></a>`
}

/**
 * The only script on any page, a few lines without a framework: chapter and transcript links seek
 * the player, and an embedded player loads only when its button is pressed.
 */
export const PLAYER_SCRIPT = `<script>
document.addEventListener('click', function (event) {
  var seek = event.target.closest('[data-seek]')
  var audio = document.querySelector('.episode audio')
  if (seek && audio) {
    event.preventDefault()
    var time = Number(seek.getAttribute('data-seek'))
    // preload="none": before its metadata has loaded the player cannot seek yet, so seek once it has.
    if (audio.readyState > 0) audio.currentTime = time
    else audio.addEventListener('loadedmetadata', function () { audio.currentTime = time }, { once: true })
    audio.play()
    return
  }
  var load = event.target.closest('[data-embed]')
  if (load) {
    var frame = document.createElement('iframe')
    frame.src = load.getAttribute('data-embed')
    frame.title = load.getAttribute('data-title')
    frame.allow = 'autoplay; encrypted-media; fullscreen; picture-in-picture'
    frame.style.cssText = 'display: block; width: 100%; border: 0; ' + (load.getAttribute('data-title').indexOf('YouTube') === 0 ? 'aspect-ratio: 16 / 9' : 'height: 232px')
    load.replaceWith(frame)
  }
})
</script>`

function renderLink (url: string, text: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`
}

function renderDuration (seconds: number): string {
  return `<time datetime="PT${seconds}S">${formatClock(seconds)}</time>`
}

/** A file size in decimal megabytes (10^6 bytes, as phones and browsers count), precise enough to judge a download by. */
export function formatMegabytes (bytes: number): string {
  const megabytes = bytes / 1_000_000
  if (megabytes < 0.1) return 'under 0.1 MB'
  return `${megabytes < 10 ? megabytes.toFixed(1) : Math.round(megabytes)} MB`
}

function joinLines (...parts: ReadonlyArray<string | false | undefined>): string {
  return parts.filter((part) => typeof part === 'string' && part !== '').join('\n')
}

function joinSeparated (...parts: ReadonlyArray<string | false | undefined>): string {
  return parts.filter((part) => typeof part === 'string' && part !== '').join(' · ')
}

function pad (value: number): string {
  return String(value).padStart(2, '0')
}
