import type { FastifyInstance } from 'fastify'
import { loadPublication } from '../content/load-publication.ts'
import { ContentError } from '../errors.ts'
import { indexMedia } from '../publish/media-index.ts'
import { publish } from '../publish/publish.ts'
import { createSnapshotStore, type Snapshot } from '../publish/snapshot.ts'
import { buildApp } from '../server/app.ts'
import type { Output, PublicationOptions } from './options.ts'
import { printProblems } from './validate.ts'

export interface ServeOptions extends PublicationOptions {
  readonly port: number
  readonly host: string
  readonly logLevel: string
}

/** Loads, validates and publishes once, then serves the result until SIGINT or SIGTERM. */
export async function serve (options: ServeOptions, output: Output): Promise<number> {
  let snapshot: Snapshot
  try {
    snapshot = await prepareSnapshot(options, output)
  } catch (error) {
    if (!(error instanceof ContentError)) throw error
    printProblems(error.problems, output)
    output.err('Not serving: fix the errors above and start again.\n')
    return 1
  }
  const app = await buildApp({ store: createSnapshotStore(snapshot), logger: { level: options.logLevel } })
  try {
    await app.listen({ port: options.port, host: options.host })
  } catch (error) {
    const { code } = error as NodeJS.ErrnoException
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error
    output.err(`Cannot listen on ${options.host}:${options.port} (${code}): ${code === 'EADDRINUSE' ? 'another program uses this port; choose another with --port' : 'choose another --host or --port'}\n`)
    await app.close()
    return 1
  }
  const { publication, version } = snapshot.published
  app.log.info({ version, issues: publication.issues.length, episodes: publication.episodes.length, baseUrl: publication.site.url }, 'serving %s', publication.site.title)
  await closeOnSignal(app)
  return 0
}

/** Loads and publishes everything a server needs; throws ContentError when the content is invalid. */
export async function prepareSnapshot (options: PublicationOptions, output: Output): Promise<Snapshot> {
  const loaded = await loadPublication(options)
  printProblems(loaded.warnings, output)
  return {
    published: publish(loaded.publication, loaded.modified),
    media: await indexMedia(options.mediaDir, loaded.publication),
    since: new Date()
  }
}

// Fastify's close stops accepting connections, answers 503 to new requests on kept-alive ones,
// and resolves once the requests in flight have finished.
async function closeOnSignal (app: FastifyInstance): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      app.log.info({ signal }, 'closing: finishing requests in flight')
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      app.close().then(resolve, resolve)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}
