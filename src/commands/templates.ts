/**
 * The files `feedwright init` and `feedwright new` write. Every field is there, commented with
 * what it does and whether it is needed, so nobody has to write front matter from the README.
 */

/** site.yaml for a new publication; the podcast fields are live only when it starts with an episode. */
export function siteYaml ({ title, withPodcast }: { title: string, withPodcast: boolean }): string {
  const podcast = [
    '# The podcast: required once there is an episode under content/episodes/.',
    'owner:                       # whom Apple Podcasts contacts about the show (not shown to listeners)',
    '  name: Your Name',
    '  email: you@example.org',
    'artwork: artwork.png         # under media/: a square JPEG or PNG, 1400 to 3000 px',
    'category: Technology         # an Apple Podcasts category, spelled as Apple does',
    '# subcategory: Tech News     # optional: one of that category\'s subcategories',
    'explicit: false              # does the show contain explicit content?'
  ]
  return [
    '# The publication: its title, address and authors, and (for a podcast) its channel details.',
    '# Every field is described in the README, "The content format". Required fields say so.',
    '',
    `title: ${JSON.stringify(title)}            # required`,
    'description: What this publication is about, in a sentence or two.   # required',
    '# The public address the feeds will be served at (https). Until you have one, try it with',
    '# `feedwright serve --local`, which builds every link from http://localhost:PORT/ instead.',
    'url: https://feeds.example.org/            # required',
    'language: en                               # required: en, en-GB, de, …',
    'authors:                                   # required: at least one; email and url optional',
    '  - name: Your Name',
    '# copyright: © 2026 Your Name              # optional',
    '',
    ...(withPodcast ? podcast : podcast.map((line) => line.startsWith('#') ? line : `# ${line}`)),
    '# podcast_type: episodic     # optional: episodic (newest first) or serial (oldest first)',
    '# locked: false              # optional: podcast:locked, yes to stop other hosts importing the feed',
    '# funding: { url: https://example.org/support, text: Support the show }   # optional',
    '',
    '# Optional: once the url above is final, pin the id that every item id and episode GUID is',
    '# derived from; `feedwright validate` prints the value to paste here.',
    '# podcast_guid: …',
    '# feed_size: 20              # optional: issues in the main feeds; older ones go to archive pages',
    '# podcast_limit: 100         # optional: episodes in the podcast feed (default: every episode)',
    '# hubs: [https://pubsubhubbub.appspot.com/]   # optional: WebSub hubs told of every change',
    '# pings: [https://ping.example.org/?url={url}] # optional: URLs fetched when a feed changes',
    '# youtube: https://www.youtube.com/@channel    # optional: the show\'s YouTube channel',
    '# spotify: https://open.spotify.com/show/…     # optional: the show\'s Spotify page',
    ''
  ].join('\n')
}

/**
 * A new issue, dated `date`, with every front-matter field there (the optional ones commented out).
 * `feedwright new issue` writes a draft, so a server watching the folder never publishes it half-written.
 */
export function issueMarkdown ({ title, date, draft, body }: { title: string, date: string, draft: boolean, body?: string }): string {
  return [
    '---',
    `title: ${JSON.stringify(title)}`,
    `date: ${date}   # a date in the future schedules the issue: it stays out until then`,
    '# summary: One or two sentences for feed readers. Optional: without it, the first paragraph is used.',
    '# tags: [first tag, second tag]',
    '# authors: [Your Name]         # optional: default, the authors in site.yaml',
    '# updated: 2026-01-01T09:00:00+00:00   # optional: when you last changed it',
    draft ? 'draft: true                    # a draft is in no output at all: delete this line to publish' : '# draft: true                  # optional: a draft is in no output at all',
    '# slug: my-own-slug            # optional: default, the file name without its leading date',
    '---',
    body ?? 'Write the issue here, in Markdown. The first paragraph is its summary unless you set one.',
    ''
  ].join('\n')
}

/** A new episode of the issue `issue`, its audio at `audio` under media/. */
export function episodeMarkdown ({ issue, audio }: { issue: string, audio: string }): string {
  return [
    '---',
    `issue: ${issue}   # the issue this episode goes with: it shares its title, date and summary`,
    `audio: ${JSON.stringify(audio)}   # under media/: its type, size and duration are read from the file`,
    '# explicit: false              # optional: default, explicit in site.yaml',
    '# season: 1                    # optional',
    '# episode: 1                   # optional',
    '# episode_type: full           # optional: full, trailer or bonus',
    '# transcript: episode.vtt      # optional: WebVTT or SubRip under media/',
    '# chapters: episode.chapters.json   # optional: JSON Chapters under media/',
    '# youtube: https://www.youtube.com/watch?v=…   # optional',
    '# spotify: https://open.spotify.com/episode/…  # optional',
    '# guid: …                      # optional: set it before renaming this file, so apps keep the episode',
    '---',
    'Optional show notes in Markdown; without them, the issue\'s text is the show notes.',
    ''
  ].join('\n')
}

/** .gitignore for a publication's own repository: keep the text and media, not what is built from them. */
export const PUBLICATION_GITIGNORE = [
  '# Built by `feedwright build --out public`: made again from content/ and media/ at any time.',
  '/public/',
  'node_modules/',
  '# Editors and operating systems',
  '.DS_Store',
  'Thumbs.db',
  '*.swp',
  '*~',
  ''
].join('\n')
