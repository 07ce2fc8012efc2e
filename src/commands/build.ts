import { copyFile, mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadPublication } from '../content/load-publication.ts'
import { ContentError } from '../errors.ts'
import { indexMedia } from '../publish/media-index.ts'
import { publish } from '../publish/publish.ts'
import type { Output, PublicationOptions } from './options.ts'
import { printProblems } from './validate.ts'

/**
 * Renders every output and writes it under `outDir` with the media files, ready for any static
 * host. Pages get an `.html` name (`/issues/slug` → `issues/slug.html`): static hosts serve
 * those at the extensionless URL the feeds link to, with the right Content-Type.
 */
export async function build (options: PublicationOptions & { outDir: string }, output: Output): Promise<number> {
  let loaded
  try {
    loaded = await loadPublication(options)
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    printProblems(error.problems, output)
    output.err('Nothing was written: fix the errors above and build again.\n')
    return 1
  }
  printProblems(loaded.warnings, output)
  const published = publish(loaded.publication, loaded.modified)
  for (const file of published.files.values()) {
    await writeInto(options.outDir, fileNameFor(file.path, file.kind), async (target) => await writeFile(target, file.body))
  }
  const media = await indexMedia(options.mediaDir, loaded.publication, { memoryBudget: 0 })
  for (const entry of media.values()) {
    await writeInto(options.outDir, `media/${entry.path}`, async (target) => await copyFile(entry.absolutePath, target))
  }
  output.out(`wrote ${published.files.size} feeds and pages and ${media.size} media files to ${options.outDir}\n`)
  return 0
}

/** The file a published URL path is written to. */
export function fileNameFor (urlPath: string, kind: 'feed' | 'page'): string {
  if (kind === 'feed') return urlPath.slice(1)
  if (urlPath === '/') return 'index.html'
  return `${decodeURIComponent(urlPath.slice(1))}.html`
}

async function writeInto (outDir: string, relative: string, write: (target: string) => Promise<void>): Promise<void> {
  const target = path.join(outDir, ...relative.split('/'))
  await mkdir(path.dirname(target), { recursive: true })
  await write(target)
}
