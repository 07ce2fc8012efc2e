import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadPublication, type Loaded, type LoadOptions } from '../src/content/load-publication.ts'
import { ContentError, type Problem } from '../src/errors.ts'

/** Writes `text` to `relative` under the content folder (`issues/x.md`), making folders as needed. */
export async function writeContent (dirs: { contentDir: string }, relative: string, text: string): Promise<void> {
  const file = path.join(dirs.contentDir, relative)
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, text)
}

/** Removes a content file or folder (`episodes`). */
export async function removeContent (dirs: { contentDir: string }, relative: string): Promise<void> {
  await rm(path.join(dirs.contentDir, relative), { recursive: true, force: true })
}

/** An issue file's text with the given front matter lines and body. */
export function issueText (fields: Record<string, string>, body = 'Some text.'): string {
  return `---\n${Object.entries(fields).map(([key, value]) => `${key}: ${value}`).join('\n')}\n---\n${body}\n`
}

/** Loads a publication, returning either what was loaded or every problem it has. */
export async function loadOrProblems (options: LoadOptions): Promise<{ loaded?: Loaded, problems: readonly Problem[] }> {
  try {
    const loaded = await loadPublication(options)
    return { loaded, problems: loaded.warnings }
  } catch (error) {
    if (error instanceof ContentError) return { problems: error.problems }
    throw error
  }
}

/** Problems as the command line prints them, one string each: `issues/x.md: field: message` (file relative to content/). */
export function problemLines (problems: readonly Problem[], contentDir: string): string[] {
  return problems.map((problem) => `${path.relative(contentDir, path.resolve(problem.file))}: ${problem.severity}: ${problem.field ?? '-'}: ${problem.message}`)
}

/** Only the errors among problems. */
export function errorsOf (problems: readonly Problem[]): Problem[] {
  return problems.filter((problem) => problem.severity === 'error')
}
