import { STATUS_CODES } from 'node:http'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from 'fastify'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { registerFeedRedirects } from './feed-redirects.ts'
import { registerHealthRoute } from './health-route.ts'
import { mediaPathOf, pathOf } from './request-path.ts'
import { registerMediaRoutes } from './media-routes.ts'
import { replyError, replyMethodNotAllowed, replyNotFound } from './problems.ts'
import { registerPublishedRoutes } from './published-routes.ts'

export interface AppOptions {
  readonly store: SnapshotStore
  /** Fastify's pino logger options; false (the default) keeps tests quiet. */
  readonly logger?: FastifyServerOptions['logger']
  /** How long a client may take to send a request; tests shorten them. */
  readonly timeouts?: ServerTimeouts
}

/** How long a client may take, so that no slow or malicious client can hold a connection. */
export interface ServerTimeouts {
  /** To send the request line and headers (Node's headersTimeout). */
  readonly headersMs: number
  /** To send the whole request, headers and body (Node's requestTimeout). */
  readonly requestMs: number
  /** How often Node checks those two: a timeout is enforced up to this much late. */
  readonly checkEveryMs: number
}

// Feed requests are a few hundred bytes with no body: 10 s is generous for any real client.
// Without these Fastify sets requestTimeout to 0, so a body trickled in a byte at a time held a
// connection for as long as the client liked.
export const DEFAULT_TIMEOUTS: ServerTimeouts = { headersMs: 10_000, requestMs: 15_000, checkEveryMs: 1_000 }

/**
 * Builds the feed server without listening: `serve` listens, tests use `app.inject`. Every route
 * answers from the store's current snapshot, so a request never renders or compresses anything.
 */
export async function buildApp ({ store, logger = false, timeouts = DEFAULT_TIMEOUTS }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger,
    http: { headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, connectionsCheckingInterval: timeouts.checkEveryMs },
    requestTimeout: timeouts.requestMs,
    // No route reads a request body: the smallest limit refuses large ones before they are read.
    bodyLimit: 1024,
    // Fastify's automatic HEAD routes are off: each route answers HEAD itself with exact headers.
    exposeHeadRoutes: false,
    return503OnClosing: true,
    // Malformed URLs (bad percent-encoding) get the same small error body as everything else.
    frameworkErrors: (error, _request, reply) => {
      replyError(reply, error.statusCode ?? 400, 'Bad Request', 'The request URL is malformed')
    }
  })
  registerHealthRoute(app, store)
  registerFeedRedirects(app, store)
  registerMediaRoutes(app, store)
  registerPublishedRoutes(app, store)
  app.options('/*', async (request, reply) => isPublishedPath(store, request.url) ? replyPreflight(reply) : replyNotFound(request, reply, store.current().published))
  // Routes exist for GET, HEAD and OPTIONS only; any other method on a published path is a 405.
  app.setNotFoundHandler(async (request, reply) => isPublishedPath(store, request.url) ? replyMethodNotAllowed(request, reply) : replyNotFound(request, reply, store.current().published))
  app.setErrorHandler(async (error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) request.log.error({ err: error }, 'request failed')
    return replyError(reply, status, STATUS_CODES[status] ?? 'Bad Request', status >= 500 ? 'Something went wrong on our side; it has been logged.' : error.message)
  })
  return app
}

function isPublishedPath (store: SnapshotStore, url: string): boolean {
  const path = pathOf(url)
  const { published, media } = store.current()
  return path === '/health' || published.files.has(path) || media.has(mediaPathOf(url) ?? '')
}

// A web reader sending If-None-Match cross-origin triggers a CORS preflight; answer it so
// conditional polling works from the browser too.
function replyPreflight (reply: FastifyReply): FastifyReply {
  return reply.code(204).headers({
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, HEAD',
    'access-control-allow-headers': 'If-None-Match, If-Modified-Since, Range, If-Range',
    'access-control-max-age': '86400',
    allow: 'GET, HEAD'
  }).send()
}
