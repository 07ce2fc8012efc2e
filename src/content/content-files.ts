import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Problem } from '../errors.ts'
import { parseMarkdownFile, type MarkdownFile } from './front-matter.ts'
import { fileDigest, listingVersion, type LoadCache } from './load-cache.ts'
import { lineOfField } from './yaml-document.ts'

/** A parsed Markdown file of a content folder, named by its file name without `.md`. */
export interface ContentFile extends MarkdownFile {
  readonly file: string
  readonly name: string
  /** Hash of the file's bytes: names the work done on it in the load cache. */
  readonly digest: string
}

/** Reads every `*.md` in `dir` (sorted by name, so output order never depends on the disk); a missing folder is empty. */
export async function readContentFiles (dir: string, sink: Problem[], cache: LoadCache): Promise<ContentFile[]> {
  let names: string[]
  try {
    names = (await readdir(dir)).filter((name) => name.endsWith('.md')).sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    names = []
  }
  cache.noteInput(`${dir}${path.sep}`, listingVersion(names))
  if (names.length === 0) return []
  const files: ContentFile[] = []
  for (const name of names) {
    const file = displayPath(path.join(dir, name))
    const absolute = path.join(dir, name)
    // Kept as plain data (no lineOf function), so the cache can be written to disk between runs.
    const { digest, bytes } = await fileDigest(absolute, cache)
    const parsed = await cache.remember('content', `${file}\0${digest}`, async () => withoutFunctions(parseMarkdownFile((bytes ?? await readFile(absolute)).toString('utf8'), file)))
    if (Array.isArray(parsed)) sink.push(...parsed)
    else {
      sink.push(...parsed.warnings)
      files.push({ ...parsed, lineOf: (field) => lineOfField(parsed.lines, field), file, name: name.slice(0, -'.md'.length), digest })
    }
  }
  return files
}

function withoutFunctions (parsed: MarkdownFile | Problem[]): Omit<MarkdownFile, 'lineOf'> | Problem[] {
  if (Array.isArray(parsed)) return parsed
  const { lineOf: _lineOf, ...data } = parsed
  return data
}

/** A path as problems show it: relative to the working directory when inside it, so it is short and clickable. */
export function displayPath (file: string): string {
  const relative = path.relative(process.cwd(), file)
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative
}
