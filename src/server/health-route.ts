import type { FastifyInstance } from 'fastify'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { CACHE_CONTROL } from './http-headers.ts'

/** What `/health` answers: whether the server is up and which content version it serves. */
export interface Health {
  readonly status: 'ok'
  /** Hash of every published file: changes exactly when some output changes. */
  readonly version: string
  readonly servingSince: string
  readonly contentUpdated: string
  readonly issues: number
  readonly episodes: number
}

export function registerHealthRoute (app: FastifyInstance, store: SnapshotStore): void {
  app.get('/health', async (_request, reply) => {
    const { published, since } = store.current()
    const health: Health = {
      status: 'ok',
      version: published.version,
      servingSince: since.toISOString(),
      contentUpdated: published.publication.updated.toISOString(),
      issues: published.publication.issues.length,
      episodes: published.publication.episodes.length
    }
    return reply.header('cache-control', CACHE_CONTROL.none).send(health)
  })
}
