import type { FastifyInstance } from 'fastify'
import type { PublicationOptions } from '../content/load-publication.ts'
import { lockCacheFolder } from '../live/cache-lock.ts'
import { systemClock } from '../live/clock.ts'
import type { ContentPublisher } from '../live/content-publisher.ts'
import { createLivePublisher, publishFirstSnapshot, type LivePublisher } from '../live/live-publisher.ts'
import { recordedSnapshot } from '../live/recorded-snapshot.ts'
import { createWorkerPublisher } from '../live/worker-publisher.ts'
import { notifySubscribers } from '../notify/notify-subscribers.ts'
import { createSnapshotStore, type Snapshot } from '../publish/snapshot.ts'
import { formatProblem } from '../errors.ts'
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
  // does; a first start validates all the content before it answers, and refuses to serve invalid
  // content, then serves the hot outputs (the main feeds, the home page, the newest issues) while
  // it renders the rest.
  const recorded = options.cacheDir === undefined ? undefined : await recordedSnapshot(options.cacheDir, options, systemClock.now())
  let initial = recorded
  // At a first start, the whole version while its hot outputs are served.
  let rest: Promise<FirstSnapshot> | undefined
  let nextScheduled: Date | undefined
  if (initial === undefined) {
    const first = await startFirstSnapshot(publisher, options)
    if (first.early !== undefined) {
      initial = first.early
      rest = first.whole
    } else {
      const whole = await first.whole
      if (whole.snapshot === undefined) {
        printProblems(whole.outcome.problems, output)
        output.err('Not serving: fix the errors above and start again.\n')
        await publisher.close()
        return 1
      }
      printProblems(whole.outcome.warnings, output)
      initial = whole.snapshot
      nextScheduled = whole.outcome.nextScheduled
    }
  }
  const store = createSnapshotStore(initial, { checked: recorded === undefined })
  const app = await buildApp({ store, logger: loggerOptions(options.logLevel, options.logFormat ?? 'json') })
  try {
    await app.listen({ port: options.port, host: options.host })
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error
    output.err(`Cannot listen on ${options.host}:${options.port} (${code}): ${code === 'EADDRINUSE' ? 'another program uses this port; choose another with --port' : 'choose another --host or --port'}\n`)
    await publisher.close()
    await app.close()
    return 1
  }
  const { summary, version } = initial.published
  app.log.info({ version, issues: summary.issues, episodes: summary.episodes, baseUrl: summary.url, watching: options.watch, recorded: recorded !== undefined, partial: initial.partial === true }, describeServing(summary, options.host, app.server.address()))
  let live: LivePublisher | undefined
  let stopping = false
  const stopped = closeOnSignal(app, () => {
    stopping = true
    live?.close()
    if (rest !== undefined && live === undefined) app.log.info('stopping once every output is rendered and recorded, so that the next start answers at once; send the signal again to stop now')
  })
  if (rest !== undefined) {
    // A stop meanwhile lets the rest finish (a request waiting for it is answered), so that it is
    // recorded and the next start is a restart.
    const whole = await wholeFirstSnapshot(rest, app, publisher)
    store.replace(whole.snapshot)
    app.log.info({ version: whole.snapshot.published.version, files: whole.snapshot.published.files.size }, 'serving every output')
    printProblems(whole.outcome.warnings, output)
    nextScheduled = whole.outcome.nextScheduled
  }
  if (!stopping) {
    live = createLivePublisher({
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
    // An edit made since the first publish read the files, or while a restart read its record, is
    // not lost to watching this late: watching starts by comparing what was read with the disk, and
    // a restart then reads everything again.
    if (options.watch) await live.watch()
    live.schedule(nextScheduled)
    if (recorded !== undefined) live.reload('started from the version served last').catch((error: Error) => app.log.error({ err: error }, 'reload failed'))
  }
  await stopped
  await publisher.close()
  return 0
}

type FirstSnapshot = Awaited<ReturnType<typeof publishFirstSnapshot>>
type WholeFirstSnapshot = Extract<FirstSnapshot, { snapshot: Snapshot }>

/**
 * A first start: the hot outputs to serve first, as soon as the content is validated and they are
 * rendered (undefined when the publish ended before that, valid or not), and the whole version.
 */
async function startFirstSnapshot (publisher: ContentPublisher, options: ServeOptions): Promise<{ readonly early?: Snapshot, readonly whole: Promise<FirstSnapshot> }> {
  let showEarly!: (snapshot: Snapshot) => void
  const early = new Promise<Snapshot>((resolve) => { showEarly = resolve })
  const whole = publishFirstSnapshot(publisher, options, systemClock.now(), showEarly)
  return { early: await Promise.race([early, whole.then(() => undefined)]), whole }
}

// Once the hot outputs are served the content is valid: only a failure of the machine (a full
// disk, the publishing thread dying) can stop the rest, and then the server stops with it,
// dropping the requests that wait for the rest.
async function wholeFirstSnapshot (whole: Promise<FirstSnapshot>, app: FastifyInstance, publisher: ContentPublisher): Promise<WholeFirstSnapshot> {
  try {
    const first = await whole
    if (first.snapshot === undefined) throw new Error(`could not publish: ${first.outcome.problems.map(formatProblem).join('; ')}`)
    return first
  } catch (error) {
    app.server.closeAllConnections()
    await app.close()
    await publisher.close().catch(() => {})
    throw error
  }
}

// Fastify's close stops accepting connections, answers 503 to new requests on kept-alive ones,
// and resolves once the requests in flight have finished.
async function closeOnSignal (app: FastifyInstance, onClosing: () => void): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      app.log.info({ signal }, 'closing: finishing requests in flight')
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      onClosing()
      app.close().then(resolve, resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
