import type { FastifyInstance } from 'fastify'
import { formatProblem } from '../errors.ts'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { CACHE_CONTROL } from './http-headers.ts'

/** What `/health` answers: whether the server is up, which content version it serves, and whether the files on disk are fine. */
export interface Health {
  /**
   * `degraded` while the files on disk are invalid and the last good version is served;
   * `starting` while a restarted server serves the version it served before and has not yet
   * compared it with the files, and while a server started for the first time serves its hot
   * outputs and renders the rest.
   */
  readonly status: 'ok' | 'degraded' | 'starting'
  /** Hash of every published file: changes exactly when some output changes. */
  readonly version: string
  readonly servingSince: string
  readonly contentUpdated: string
  readonly issues: number
  readonly episodes: number
  /** Present while the content on disk is invalid: since when, and every problem. */
  readonly contentBroken?: { readonly since: string, readonly problems: readonly string[] }
}

export function registerHealthRoute (app: FastifyInstance, store: SnapshotStore): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/health',
    handler: async (request, reply) => {
      const { published, since, partial } = store.current()
      const broken = store.broken()
      const health: Health = {
        status: broken !== undefined ? 'degraded' : store.checked() && partial !== true ? 'ok' : 'starting',
        version: published.version,
        servingSince: since.toISOString(),
        contentUpdated: published.summary.updated.toISOString(),
        issues: published.summary.issues,
        episodes: published.summary.episodes,
        contentBroken: broken === undefined ? undefined : { since: broken.since.toISOString(), problems: broken.problems.map(formatProblem) }
      }
      const body = JSON.stringify(health)
      reply.headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': CACHE_CONTROL.none, 'content-length': String(Buffer.byteLength(body)) })
      return reply.send(request.method === 'HEAD' ? undefined : body)
    }
  })
}
