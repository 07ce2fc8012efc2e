import type { FastifyInstance } from 'fastify'
import type { PublicationOptions } from '../content/load-publication.ts'
import { lockCacheFolder } from '../live/cache-lock.ts'
import { systemClock } from '../live/clock.ts'
import { createLivePublisher, publishFirstSnapshot, type LivePublisher } from '../live/live-publisher.ts'
import { recordedSnapshot } from '../live/recorded-snapshot.ts'
import { createWorkerPublisher } from '../live/worker-publisher.ts'
import { notifySubscribers } from '../notify/notify-subscribers.ts'
import { createSnapshotStore } from '../publish/snapshot.ts'
import { buildApp } from '../server/app.ts'
import { describeServing } from './serving-line.ts'
import { loggerOptions, type LogFormat } from './logging.ts'
import type { Output } from './options.ts'
import { printProblems } from './validate.ts'

export interface ServeOptions extends PublicationOptions {
  readonly port: number
  readonly host: string
  readonly logLevel: string
  readonly logFormat?: LogFormat
  /** Watch the folders and publish again on every change (on by default). */
  readonly watch: boolean
}

/**
 * Loads, validates and publishes, then serves the result until SIGINT or SIGTERM, publishing again
 * when files change or a scheduled issue comes due, and telling hubs about every changed feed.
 */
export async function serve (options: ServeOptions, output: Output): Promise<number> {
  const lock = options.cacheDir === undefined ? undefined : await lockCacheFolder(options.cacheDir)
  if (lock !== undefined && 'pid' in lock) {
    output.err(`Not serving: the cache folder ${options.cacheDir} is used by another feedwright serve (process ${lock.pid}). Give each server its own --cache, or stop the other one first; if that process is no feedwright, delete ${lock.file}.\n`)
    return 1
  }
  try {
    return await serveUntilStopped(options, output)
  } finally {
    await lock?.release()
  }
}

async function serveUntilStopped (options: ServeOptions, output: Output): Promise<number> {
  // Loading, rendering and compressing run in a worker thread: no request ever waits for them.
  const publisher = createWorkerPublisher(options)
  // A restart serves what the last run served while it catches up with the files, as any reload
  // does; a first start publishes before it answers, and refuses to serve invalid content.
  const recorded = options.cacheDir === undefined ? undefined : await recordedSnapshot(options.cacheDir, options, systemClock.now())
  let initial = recorded
  let nextScheduled: Date | undefined
  if (initial === undefined) {
    const first = await publishFirstSnapshot(publisher, options, systemClock.now())
    if (first.snapshot === undefined) {
      printProblems(first.outcome.problems, output)
      output.err('Not serving: fix the errors above and start again.\n')
      await publisher.close()
      return 1
    }
    printProblems(first.outcome.warnings, output)
    initial = first.snapshot
    nextScheduled = first.outcome.nextScheduled
  }
  const store = createSnapshotStore(initial, { checked: recorded === undefined })
  const app = await buildApp({ store, logger: loggerOptions(options.logLevel, options.logFormat ?? 'json') })
  const live = createLivePublisher({
    publication: options,
    publisher,
    store,
    log: app.log,
    // Notifications run beside serving: a slow or failing hub never delays a response.
    onFeedsChanged: (feeds) => {
      const { hubs, pings } = store.current().published.summary
      notifySubscribers(feeds.map((feed) => feed.url), { hubs, pings, log: app.log })
        .catch((error: Error) => app.log.error({ err: error }, 'notifying hubs failed'))
    }
  })
  // Watch before listening, so no edit made once the server answers can go unnoticed.
  if (options.watch) await live.watch()
  live.schedule(nextScheduled)
  try {
    await app.listen({ port: options.port, host: options.host })
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error
    output.err(`Cannot listen on ${options.host}:${options.port} (${code}): ${code === 'EADDRINUSE' ? 'another program uses this port; choose another with --port' : 'choose another --host or --port'}\n`)
    live.close()
    await publisher.close()
    await app.close()
    return 1
  }
  const { summary, version } = initial.published
  app.log.info({ version, issues: summary.issues, episodes: summary.episodes, baseUrl: summary.url, watching: options.watch, recorded: recorded !== undefined }, describeServing(summary, options.host, app.server.address()))
  if (recorded !== undefined) live.reload('started from the version served last').catch((error: Error) => app.log.error({ err: error }, 'reload failed'))
  await closeOnSignal(app, live)
  await publisher.close()
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
