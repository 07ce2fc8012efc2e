import { copyFile, link, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** A generated publication, in feedwright's layout and, for the reference, in Hugo's. */
export interface GeneratedPublication {
  readonly contentDir: string
  readonly mediaDir: string
  /** The same posts as Hugo content (`posts/*.md`), for the reference build. */
  readonly hugoContentDir: string
  /** The issue files, newest last, so a benchmark can edit one. */
  readonly issueFiles: readonly string[]
}

// The corpus the issue describes: about 4.5 KB of Markdown an issue, 60 tags, 1 to 4 tags an
// issue, 200 episodes. Deterministic for a seed, so every run measures the same bytes.
const TAGS = 60
const EPISODES = 200
const TARGET_BYTES = 4500
const HOUR = 3600 * 1000
const NEWEST = Date.UTC(2026, 0, 2, 9)

const WORDS = ('the of and to a in is it you that he was for on are with as his they be at one have this from or had by ' +
  'word but what some we can out other were all there when up use your how said an each she which do their time if ' +
  'will way about many then them write would like so these her long make thing see him two has look more day could go ' +
  'come did number sound no most people my over know water than call first who may down side been now find any new ' +
  'work part take get place made live where after back little only round man year came show every good me give our ' +
  'under name very through just form sentence great think say help low line differ turn cause much mean before move ' +
  'right boy old too same tell does set three want air well also play small end put home read hand port large spell ' +
  'add even land here must big high such follow act why ask men change went light kind off need house picture try ' +
  'model safety research agent benchmark paper dataset training evaluation alignment interpretability podcast episode').split(' ')

/** Writes `issues` issues and 200 episodes into `dir`; the episodes' audio are links to `audioFile`. */
export async function generatePublication (dir: string, issues: number, audioFile: string, artworkFile: string, seed = 1): Promise<GeneratedPublication> {
  const random = mulberry32(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const contentDir = path.join(dir, 'content')
  const mediaDir = path.join(dir, 'media')
  const hugoContentDir = path.join(dir, 'hugo-content')
  await Promise.all([
    mkdir(path.join(contentDir, 'issues'), { recursive: true }),
    mkdir(path.join(contentDir, 'episodes'), { recursive: true }),
    mkdir(mediaDir, { recursive: true }),
    mkdir(path.join(hugoContentDir, 'posts'), { recursive: true })
  ])
  await writeFile(path.join(contentDir, 'site.yaml'), [
    'title: Scale Weekly',
    'description: A generated publication for the scale benchmark.',
    'url: https://scale.example/',
    'language: en',
    'authors:',
    '  - name: Bench Author',
    'owner:',
    '  name: Bench',
    '  email: bench@example.org',
    'artwork: artwork.jpg',
    'category: Technology',
    'explicit: false',
    'podcast_guid: 0c7cbb0e-5f7e-5b2b-9b1e-2f7b6f0f6a10',
    ''
  ].join('\n'))
  await copyFile(artworkFile, path.join(mediaDir, 'artwork.jpg'))

  const tags = Array.from({ length: TAGS }, (_, n) => `${pick(WORDS)}-${n}`)
  const sentence = (): string => {
    const words = Array.from({ length: 8 + Math.floor(random() * 12) }, () => pick(WORDS))
    const styled = Math.floor(random() * words.length)
    const style = random()
    if (style < 0.2) words[styled] = `**${words[styled]}**`
    else if (style < 0.35) words[styled] = `\`${words[styled]}()\``
    else if (style < 0.5) words[styled] = `[${words[styled]}](https://example.com/${words[styled]})`
    const text = words.join(' ')
    return `${text[0]!.toUpperCase()}${text.slice(1)}${random() < 0.15 ? '?' : '.'}`
  }
  const block = (): string => {
    const kind = random()
    if (kind < 0.1) return Array.from({ length: 3 + Math.floor(random() * 3) }, () => `- ${sentence()}`).join('\n')
    if (kind < 0.15) return `\`\`\`js\nconst ${pick(WORDS)}Value = await fetch('/api/${pick(WORDS)}')\nconsole.log(${pick(WORDS)}Value.status)\n\`\`\``
    if (kind < 0.2) return `## ${sentence().slice(0, -1)}`
    return Array.from({ length: 2 + Math.floor(random() * 4) }, sentence).join(' ')
  }

  const issueFiles: string[] = []
  for (let n = 0; n < issues; n++) {
    const slug = `issue-${String(n + 1).padStart(6, '0')}`
    // Two issues a day, oldest first: 10,000 issues span 14 years, 100,000 span 137.
    const date = new Date(NEWEST - (issues - 1 - n) * 12 * HOUR).toISOString().replace('.000Z', 'Z')
    const title = sentence().slice(0, 60).replace(/[*`[\]()?.:"]/g, '').trim()
    const issueTags = [...new Set(Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(tags)))]
    const blocks: string[] = []
    let length = 0
    while (length < TARGET_BYTES) {
      const next = block()
      blocks.push(next)
      length += next.length + 2
    }
    const body = `${blocks.join('\n\n')}\n`
    const file = path.join(contentDir, 'issues', `${slug}.md`)
    await writeFile(file, `---\ntitle: "${title}"\ndate: ${date}\ntags: [${issueTags.join(', ')}]\n---\n\n${body}`)
    await writeFile(path.join(hugoContentDir, 'posts', `${slug}.md`), `---\ntitle: "${title}"\ndate: ${date}\nslug: ${slug}\ntags: [${issueTags.join(', ')}]\n---\n\n${body}`)
    issueFiles.push(file)
  }

  // The newest issues have episodes, as a show that started its podcast later would.
  const episodes = Math.min(EPISODES, issues)
  for (let n = issues - episodes; n < issues; n++) {
    const slug = `issue-${String(n + 1).padStart(6, '0')}`
    await link(audioFile, path.join(mediaDir, `${slug}.mp3`)).catch(async () => await copyFile(audioFile, path.join(mediaDir, `${slug}.mp3`)))
    await writeFile(path.join(contentDir, 'episodes', `${slug}.md`), `---\nissue: ${slug}\naudio: ${slug}.mp3\nepisode: ${n + 1}\n---\n`)
  }
  return { contentDir, mediaDir, hugoContentDir, issueFiles }
}

// A small, well-known seeded generator: Math.random cannot be seeded.
function mulberry32 (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
