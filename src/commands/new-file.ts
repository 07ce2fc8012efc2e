import { access, copyFile, mkdir, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { readContentFiles } from '../content/content-files.ts'
import { createLoadCache } from '../content/load-cache.ts'
import { nearestNames } from '../content/nearest.ts'
import { UsageError } from '../errors.ts'
import { fileNameSlug, slugify } from '../model/slug.ts'
import { formatLocalDateTime, formatLocalDay } from './local-time.ts'
import type { Output } from './options.ts'
import { episodeMarkdown, issueMarkdown } from './templates.ts'

/**
 * Writes `issues/YYYY-MM-DD-title-slug.md`, dated now in the local time zone, as a draft with every
 * field there. Refuses to overwrite a file.
 */
export async function newIssue ({ contentDir, title, now = new Date() }: { contentDir: string, title: string, now?: Date }, output: Output): Promise<number> {
  const slug = slugify(title)
  if (slug === '') throw new UsageError(`the title "${title}" has no letters or digits to name the file by`)
  const file = path.join(contentDir, 'issues', `${formatLocalDay(now)}-${slug}.md`)
  if (!await writeNew(file, issueMarkdown({ title, date: formatLocalDateTime(now), draft: true }), output)) return 1
  output.out(`wrote ${path.relative(process.cwd(), file)}: a draft; delete its draft: line to publish it\n`)
  return 0
}

/**
 * Writes `episodes/SLUG.md` for the issue SLUG. `audio` is a file under media/, or a file elsewhere
 * that is copied into media/ (never over another); without it, the episode names SLUG.mp3.
 */
export async function newEpisode ({ contentDir, mediaDir, issue, audio }: { contentDir: string, mediaDir: string, issue: string, audio?: string }, output: Output): Promise<number> {
  const slugs = await issueSlugs(contentDir)
  if (!slugs.includes(issue)) {
    throw new UsageError(slugs.length === 0
      ? `--issue: there are no issues under ${path.join(contentDir, 'issues')} yet; write one first with feedwright new issue "Title"`
      : `--issue: "${issue}" is not the slug of any issue; the nearest are: ${nearestNames(issue, slugs).join(', ')}`)
  }
  const mediaPath = audio === undefined ? `${issue}.mp3` : await placeAudio(audio, mediaDir)
  const file = path.join(contentDir, 'episodes', `${issue}.md`)
  if (!await writeNew(file, episodeMarkdown({ issue, audio: mediaPath }), output)) return 1
  output.out(`wrote ${path.relative(process.cwd(), file)}${audio === undefined ? `; put its audio at ${path.join(path.relative(process.cwd(), mediaDir), mediaPath)}` : ''}\n`)
  return 0
}

// Writes a file that must not exist yet; false (and says so) when it does.
async function writeNew (file: string, text: string, output: Output): Promise<boolean> {
  await mkdir(path.dirname(file), { recursive: true })
  try {
    await writeFile(file, text, { flag: 'wx' })
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    output.err(`feedwright new: ${path.relative(process.cwd(), file)} already exists; it was left as it is\n`)
    return false
  }
}

// The slug every issue file claims: its slug: field, or its file name's.
async function issueSlugs (contentDir: string): Promise<string[]> {
  const files = await readContentFiles(contentDir, 'issues', [], createLoadCache())
  return files.map((file) => typeof file.data.slug === 'string' ? file.data.slug : fileNameSlug(file.name))
}

// The audio's path under media/: as it is when already there, else copied in under its own name.
async function placeAudio (audio: string, mediaDir: string): Promise<string> {
  const root = path.resolve(mediaDir)
  const given = path.resolve(audio)
  const inMedia = path.relative(root, given)
  if (!inMedia.startsWith('..') && !path.isAbsolute(inMedia) && await isFile(given)) return inMedia.split(path.sep).join('/')
  if (await isFile(path.join(root, audio)) && !path.isAbsolute(audio)) return audio.split(path.sep).join('/')
  if (!await isFile(given)) throw new UsageError(`--audio: "${audio}" is not a file, here or under ${mediaDir}`)
  const name = path.basename(given)
  await mkdir(root, { recursive: true })
  try {
    await copyFile(given, path.join(root, name), 1 /* COPYFILE_EXCL */)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new UsageError(`--audio: ${path.join(mediaDir, name)} already exists; move your file under media/ yourself, or rename it`)
    throw error
  }
  return name
}

async function isFile (file: string): Promise<boolean> {
  try {
    await access(file)
    return (await stat(file)).isFile()
  } catch {
    return false
  }
}
