import path from 'node:path'
import type { Dispatcher } from 'undici'
import { openLoadCache } from '../content/load-cache.ts'
import { loadPublication, type PublicationOptions } from '../content/load-publication.ts'
import { writePublishedLock } from '../content/published-lock.ts'
import { ContentError } from '../errors.ts'
import type { Site } from '../model/publication.ts'
import { indexMedia } from '../publish/media-index.ts'
import { openOutputFolder, OutputFolderError } from '../publish/output-folder.ts'
import { publish } from '../publish/publish.ts'
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
 * `issues/slug/index.html`), which every static host serves at the URL the feeds link to. The
 * folder is replaced whole, and only outputs whose inputs changed are rendered (see output-folder.ts).
 */
export async function build (options: BuildOptions, output: Output): Promise<number> {
  // Saved once the outputs are written: until then, what this load rendered stays in memory for them.
  const cache = await openLoadCache(options.cacheDir)
  let loaded
  try {
    loaded = await loadPublication({ ...options, cache })
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    // What the files that are fine needed is kept for the build after the fix.
    await cache.save()
    printProblems(error.problems, output)
    output.err('Nothing was written: fix the errors above and build again.\n')
    return 1
  }
  printProblems(loaded.warnings, output)
  let folder
  try {
    folder = await openOutputFolder(options.outDir, options.cacheDir)
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error
    output.err(`${error.message}\nNothing was written.\n`)
    return 1
  }
  try {
    const published = await publish(loaded.publication, { modified: loaded.modified, previous: folder.previous, store: folder.store })
    const announced = [...published.files.values()].filter((file) => file.announce)
    const before = await Promise.all(announced.map(async (file) => await folder.etagBefore(file.path)))
    const changed = announced.filter((file, index) => before[index] !== file.representations.identity.etag)
    const media = await indexMedia(options.mediaDir, published.summary.mediaTypes, { memoryBudget: 0 })
    await folder.addMedia(media.values())
    await folder.commit(published.files)
    await cache.save()
    output.out(`wrote ${published.files.size} feeds and pages and ${media.size} media files to ${options.outDir}\n`)
    // Published: from now on these episodes keep their GUIDs and enclosures (content/published.lock).
    if (await writePublishedLock(options.contentDir, loaded.publishedLock)) output.out(`updated ${path.join(options.contentDir, 'published.lock')}: commit it with the content\n`)
    if (loaded.nextScheduled !== undefined) {
      output.out(`the next scheduled issue or episode is due at ${loaded.nextScheduled.toISOString()}: build again then to publish it\n`)
    }
    if (options.ping === true) await pingChanged(changed.map((file) => file.url), loaded.publication.site, options.dispatcher, output)
    return 0
  } catch (error) {
    await folder.abort()
    throw error
  }
}

// A feed whose bytes are the same as in the folder already is not announced again.
async function pingChanged (feedUrls: readonly string[], site: Site, dispatcher: Dispatcher | undefined, output: Output): Promise<void> {
  if (feedUrls.length === 0 || site.hubs.length + site.pings.length === 0) {
    output.out(feedUrls.length === 0 ? 'no feed changed: nothing to ping\n' : 'no hubs or pings in site.yaml: nothing to ping\n')
    return
  }
  const line = (level: string) => (details: object, message: string): void => output.err(`${level}: ${message} ${JSON.stringify(details)}\n`)
  // Loaded only to ping: the HTTP client is most of what a build would otherwise load and never use.
  const { notifySubscribers } = await import('../notify/notify-subscribers.ts')
  const results = await notifySubscribers(feedUrls, { hubs: site.hubs, pings: site.pings, dispatcher, log: { info: line('info'), warn: line('warn'), error: line('error') } })
  output.out(`notified ${results.filter((result) => result.ok).length} of ${results.length} (${feedUrls.length} changed feeds)\n`)
}
