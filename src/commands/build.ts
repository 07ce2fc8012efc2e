import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Dispatcher } from 'undici'
import { loadPublication, type PublicationOptions } from '../content/load-publication.ts'
import { writePublishedLock } from '../content/published-lock.ts'
import { ContentError } from '../errors.ts'
import type { Site } from '../model/publication.ts'
import { notifySubscribers } from '../notify/notify-subscribers.ts'
import { indexMedia } from '../publish/media-index.ts'
import { publish } from '../publish/publish.ts'
import { fileNameFor } from '../model/urls.ts'
import type { Output } from './options.ts'
import { printProblems } from './validate.ts'

export interface BuildOptions extends PublicationOptions {
  readonly outDir: string
  /** After writing, notify the hubs and pings in site.yaml of every feed whose bytes changed. */
  readonly ping?: boolean
  /** Only for tests of --ping: where notifications are sent through. */
  readonly dispatcher?: Dispatcher
}

/**
 * Renders every output and writes it under `outDir`, with `.gz` and `.br` beside each, and the
 * media files, ready for any static host. Pages are folders (`/issues/slug/` →
 * `issues/slug/index.html`), which every static host serves at the URL the feeds link to.
 */
export async function build (options: BuildOptions, output: Output): Promise<number> {
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
  const published = publish(loaded.publication, { modified: loaded.modified })
  const changed: string[] = []
  for (const file of published.files.values()) {
    await writeInto(options.outDir, fileNameFor(file.path), async (target) => {
      const before = await readFile(target).catch(() => undefined)
      if (file.announce && before?.equals(file.body) !== true) changed.push(file.url)
      await writeFile(target, file.body)
      // The same compressed bytes the server sends, for hosts that serve precompressed siblings
      // (nginx gzip_static and brotli_static, Caddy precompressed, most CDNs).
      await writeFile(`${target}.gz`, file.representations.gzip.body)
      await writeFile(`${target}.br`, file.representations.br.body)
    })
  }
  const media = await indexMedia(options.mediaDir, loaded.publication, { memoryBudget: 0 })
  for (const entry of media.values()) {
    await writeInto(options.outDir, `media/${entry.path}`, async (target) => await copyFile(entry.absolutePath, target))
  }
  output.out(`wrote ${published.files.size} feeds and pages and ${media.size} media files to ${options.outDir}\n`)
  // Published: from now on these episodes keep their GUIDs and enclosures (content/published.lock).
  if (await writePublishedLock(options.contentDir, loaded.publishedLock)) output.out(`updated ${path.join(options.contentDir, 'published.lock')}: commit it with the content\n`)
  if (options.ping === true) await pingChanged(changed, loaded.publication.site, options.dispatcher, output)
  return 0
}

// A feed whose bytes are the same as in the folder already is not announced again.
async function pingChanged (feedUrls: readonly string[], site: Site, dispatcher: Dispatcher | undefined, output: Output): Promise<void> {
  if (feedUrls.length === 0 || site.hubs.length + site.pings.length === 0) {
    output.out(feedUrls.length === 0 ? 'no feed changed: nothing to ping\n' : 'no hubs or pings in site.yaml: nothing to ping\n')
    return
  }
  const line = (level: string) => (details: object, message: string): void => output.err(`${level}: ${message} ${JSON.stringify(details)}\n`)
  const results = await notifySubscribers(feedUrls, { hubs: site.hubs, pings: site.pings, dispatcher, log: { info: line('info'), warn: line('warn'), error: line('error') } })
  output.out(`notified ${results.filter((result) => result.ok).length} of ${results.length} (${feedUrls.length} changed feeds)\n`)
}

async function writeInto (outDir: string, relative: string, write: (target: string) => Promise<void>): Promise<void> {
  const target = path.join(outDir, ...relative.split('/'))
  await mkdir(path.dirname(target), { recursive: true })
  await write(target)
}
