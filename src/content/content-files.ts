import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.ts'
import { parseMarkdownFile, type MarkdownFile } from './front-matter.ts'
import { fileVersion, type LoadCache } from './load-cache.ts'

/** A parsed Markdown file of a content folder, named by its file name without `.md`. */
export interface ContentFile extends MarkdownFile {
  readonly file: string
  readonly name: string
}

/** Reads every `*.md` in `dir` (sorted by name, so output order never depends on the disk); a missing folder is empty. */
export async function readContentFiles (dir: string, sink: Problem[], cache: LoadCache): Promise<ContentFile[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const files: ContentFile[] = []
  for (const name of names) {
    const file = displayPath(path.join(dir, name))
    const absolute = path.join(dir, name)
    const parsed = await cache.remember('content', await fileVersion(absolute), async () => parseMarkdownFile(await readFile(absolute, 'utf8'), file))
    if (Array.isArray(parsed)) sink.push(...parsed)
    else {
      sink.push(...parsed.warnings)
      files.push({ ...parsed, file, name: name.slice(0, -'.md'.length) })
    }
  }
  return files
}

/** A path as problems show it: relative to the working directory when inside it, so it is short and clickable. */
export function displayPath (file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
