import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadPublication, type Loaded } from '../../src/content/load-publication.ts'
import { ContentError, formatProblem, type Problem } from '../../src/errors.ts'
import { copyPublication, type TestWithTeardown } from '../helpers.ts'

/** A publication in a temporary folder: the `minimal` fixture plus the hostile files of one test. */
export interface HostilePublication {
  readonly contentDir: string
  readonly mediaDir: string
  /** The folder holding content/ and media/. */
  readonly root: string
}

/**
 * Copies the valid `minimal` publication and writes `files` into it, each path relative to the
 * folder holding content/ and media/ (`content/issues/bomb.md`), so each test adds only its case.
 */
export async function hostilePublication (t: TestWithTeardown, files: Readonly<Record<string, string | Uint8Array>> = {}): Promise<HostilePublication> {
  const dirs = await copyPublication(t, 'minimal')
  const root = path.dirname(dirs.contentDir)
  for (const [relative, body] of Object.entries(files)) {
    const target = path.join(root, relative)
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, body)
  }
  return { ...dirs, root }
}

/**
 * Sets top-level fields of site.yaml: each value (one line of YAML) replaces the field with its
 * indented lines, or is added at the end.
 */
export async function editSite (dirs: HostilePublication, fields: Readonly<Record<string, string>>): Promise<void> {
  const file = path.join(dirs.contentDir, 'site.yaml')
  let text = await readFile(file, 'utf8')
  for (const [key, value] of Object.entries(fields)) {
    const line = new RegExp(`^${key}:.*(?:\\n[ \\t]+.*)*$`, 'm')
    text = line.test(text) ? text.replace(line, () => `${key}: ${value}`) : `${text.trimEnd()}\n${key}: ${value}\n`
  }
  await writeFile(file, text)
}

/** An issue file with valid defaults; `fields` are YAML lines that replace or add to them. */
export function issueFile (fields: Readonly<Record<string, string>> = {}, body = 'A body.\n'): string {
  const all = { title: 'An issue', date: '2024-02-01T09:00:00Z', summary: 'A summary.', ...fields }
  return `---\n${Object.entries(all).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n${body}`
}

/** An episode file without an issue, with valid defaults; `fields` replace or add YAML lines. */
export function episodeFile (fields: Readonly<Record<string, string>> = {}, body = ''): string {
  const all = { title: 'An episode', date: '2024-02-02T09:00:00Z', summary: 'A summary.', audio: 'tone.mp3', ...fields }
  return `---\n${Object.entries(all).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n${body}`
}

/** Loads a publication and returns its errors; an empty list when it loads. */
export async function errorsOf (dirs: { contentDir: string, mediaDir: string }, now?: Date): Promise<Problem[]> {
  return (await attemptLoad(dirs, now)).errors
}

/** Loads a publication, returning what loaded (if it did) and every error. */
export async function attemptLoad (dirs: { contentDir: string, mediaDir: string }, now?: Date): Promise<{ loaded?: Loaded, errors: Problem[] }> {
  try {
    return { loaded: await loadPublication({ ...dirs, now }), errors: [] }
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    return { errors: error.problems.filter((problem) => problem.severity === 'error') }
  }
}

/**
 * The problems that break the promise for bad input (one short line naming the file, no stack
 * trace, no absolute path of the machine in the message), as validate would print them.
 */
export function unclearLines (problems: readonly Problem[], dirs: HostilePublication): string[] {
  return problems.map(formatProblem).filter((line, index) =>
    line.includes('\n') || line.length > 400 || /\bat .+:\d+:\d+\)?$/m.test(line) || problems[index]!.message.includes(dirs.root))
}
