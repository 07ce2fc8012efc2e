import type { FastifyInstance } from 'fastify'
import { createLoadCache } from '../content/load-cache.ts'
import type { PublicationOptions } from '../content/load-publication.ts'
import { writePublishedLock } from '../content/published-lock.ts'
import { ContentError } from '../errors.ts'
import { systemClock } from '../live/clock.ts'
import { createLivePublisher, type LivePublisher } from '../live/live-publisher.ts'
import { loadSnapshot } from '../live/load-snapshot.ts'
import { notifySubscribers } from '../notify/notify-subscribers.ts'
import { createSnapshotStore } from '../publish/snapshot.ts'
import { buildApp } from '../server/app.ts'
import type { Output } from './options.ts'
import { printProblems } from './validate.ts'

export interface ServeOptions extends PublicationOptions {
  readonly port: number
  readonly host: string
  readonly logLevel: string
  /** Watch the folders and publish again on every change (on by default). */
  readonly watch: boolean
}

/**
 * Loads, validates and publishes, then serves the result until SIGINT or SIGTERM, publishing again
 * when files change or a scheduled issue comes due, and telling hubs about every changed feed.
 */
export async function serve (options: ServeOptions, output: Output): Promise<number> {
  const cache = createLoadCache()
  let first
  try {
    first = await loadSnapshot(options, { now: systemClock.now(), cache })
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    printProblems(error.problems, output)
    output.err('Not serving: fix the errors above and start again.\n')
    return 1
  }
  printProblems(first.loaded.warnings, output)
  await writePublishedLock(options.contentDir, first.loaded.publishedLock)
  const store = createSnapshotStore(first.snapshot)
  const app = await buildApp({ store, logger: { level: options.logLevel } })
  const live = createLivePublisher({
    publication: options,
    store,
    cache,
    log: app.log,
    // Notifications run beside serving: a slow or failing hub never delays a response.
    // Each version published records its episodes, so their GUIDs and enclosures cannot change by accident.
    onPublished: (loaded) => {
      writePublishedLock(options.contentDir, loaded.publishedLock).catch((error: Error) => app.log.error({ err: error }, 'writing published.lock failed'))
    },
    onFeedsChanged: (feeds) => {
      const { hubs, pings } = store.current().published.publication.site
      notifySubscribers(feeds.map((feed) => feed.url), { hubs, pings, log: app.log })
        .catch((error: Error) => app.log.error({ err: error }, 'notifying hubs failed'))
    }
  })
  // Watch before listening, so no edit made once the server answers can go unnoticed.
  if (options.watch) live.watch()
  live.schedule(first.loaded.nextScheduled)
  try {
    await app.listen({ port: options.port, host: options.host })
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error
    output.err(`Cannot listen on ${options.host}:${options.port} (${code}): ${code === 'EADDRINUSE' ? 'another program uses this port; choose another with --port' : 'choose another --host or --port'}\n`)
    live.close()
    await app.close()
    return 1
  }
  const { publication, version } = first.snapshot.published
  app.log.info({ version, issues: publication.issues.length, episodes: publication.episodes.length, baseUrl: publication.site.url, watching: options.watch }, 'serving %s', publication.site.title)
  await closeOnSignal(app, live)
  return 0
}

// Fastify's close stops accepting connections, answers 503 to new requests on kept-alive ones,
// and resolves once the requests in flight have finished.
async function closeOnSignal (app: FastifyInstance, live: LivePublisher): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      app.log.info({ signal }, 'closing: finishing requests in flight')
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      live.close()
      app.close().then(resolve, resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
