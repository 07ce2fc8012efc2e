import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { loadPublication } from '../content/load-publication.ts'
import { ContentError } from '../errors.ts'
import { publish } from '../publish/publish.ts'
import type { Output, PublicationOptions } from './options.ts'
import { printProblems } from './validate.ts'

/** Renders every output and writes it under `outDir`, ready for any static host. */
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
  const published = publish(loaded.publication)
  for (const file of published.files.values()) {
    const target = path.join(options.outDir, ...file.path.split('/'))
    await mkdir(path.dirname(target), { recursive: true })
    await writeFile(target, file.body)
    output.out(`wrote ${target} (${file.body.length} bytes)\n`)
  }
  return 0
}
