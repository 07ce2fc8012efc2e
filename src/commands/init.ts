import { access, copyFile, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { packageFile } from '../package-files.ts'
import { formatLocalDateTime, formatLocalDay } from './local-time.ts'
import type { Output } from './options.ts'
import { episodeMarkdown, issueMarkdown, PUBLICATION_GITIGNORE, siteYaml } from './templates.ts'

/** The media a new podcast starts with, shipped in the package (made by scripts/make-template-media.sh). */
export const TEMPLATE_MEDIA = packageFile('templates/media')

export interface InitOptions {
  /** The folder to create the publication in; it may exist, but not hold content/ or media/ files it would overwrite. */
  readonly dir: string
  /** Start as a podcast: one episode with a short spoken audio file, and artwork. */
  readonly withEpisode: boolean
  /** When the first issue is dated: now, except in tests. */
  readonly now?: Date
}

/**
 * Writes a small publication that `validate` passes and `serve` serves: site.yaml with every field
 * commented, one issue, with `withEpisode` an episode, its audio and the artwork, and a .gitignore.
 * Never overwrites a file: it stops at the first that exists, having written nothing over it.
 */
export async function init (options: InitOptions, output: Output): Promise<number> {
  const dir = path.resolve(options.dir)
  const now = options.now ?? new Date()
  const files: Array<[string, string | { copy: string }]> = [
    ['content/site.yaml', siteYaml({ title: titleOf(dir), withPodcast: options.withEpisode })],
    [`content/issues/${formatLocalDay(now)}-welcome.md`, issueMarkdown({
      title: 'Welcome',
      date: formatLocalDateTime(now),
      draft: false,
      body: 'This is the first issue. Edit it, or write the next one with `feedwright new issue "Its title"`.\n\nEvery issue is a Markdown file under content/issues/, with its fields between the two lines of dashes.'
    })]
  ]
  if (options.withEpisode) {
    files.push(
      ['content/episodes/welcome.md', episodeMarkdown({ issue: 'welcome', audio: 'welcome.mp3' })],
      ['media/welcome.mp3', { copy: path.join(TEMPLATE_MEDIA, 'welcome.mp3') }],
      ['media/artwork.png', { copy: path.join(TEMPLATE_MEDIA, 'artwork.png') }]
    )
  }
  // Checked before anything is written, so a refused init leaves the folder as it was.
  const existing = (await Promise.all(files.map(async ([relative]) => await exists(path.join(dir, relative)) ? relative : undefined))).filter((relative) => relative !== undefined)
  if (existing.length > 0) {
    output.err(`feedwright init: ${existing.map((relative) => path.join(options.dir, relative)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; init writes a new publication and never overwrites a file: choose an empty folder\n`)
    return 1
  }
  // A folder that is already a repository keeps its own .gitignore.
  if (await exists(path.join(dir, '.gitignore'))) output.out(`kept ${path.join(options.dir, '.gitignore')} as it is\n`)
  else files.push(['.gitignore', PUBLICATION_GITIGNORE])
  for (const [relative, contents] of files) {
    const target = path.join(dir, ...relative.split('/'))
    await mkdir(path.dirname(target), { recursive: true })
    try {
      if (typeof contents === 'string') await writeFile(target, contents, { flag: 'wx' })
      else await copyFile(contents.copy, target, 1 /* COPYFILE_EXCL: never over an existing file */)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      output.err(`feedwright init: ${path.join(options.dir, relative)} already exists; init writes a new publication and never overwrites a file: choose an empty folder\n`)
      return 1
    }
    output.out(`wrote ${path.join(options.dir, relative)}\n`)
  }
  output.out([
    '',
    `A new publication is in ${options.dir}. Next:`,
    `  cd ${options.dir}`,
    '  feedwright serve --local      # see it at http://localhost:3000/, published again as you edit',
    '  feedwright new issue "Title"  # write the next issue',
    '  feedwright validate           # check every file',
    'Set url in content/site.yaml to where it will be published; keep the folder in git (git init).',
    ''
  ].join('\n'))
  return 0
}

async function exists (file: string): Promise<boolean> {
  return await access(file).then(() => true, () => false)
}

// The folder's name, as a starting title: my-letters → My letters.
function titleOf (dir: string): string {
  const name = path.basename(dir).replace(/[-_]+/g, ' ').trim()
  return name === '' ? 'My publication' : name[0]!.toUpperCase() + name.slice(1)
}
