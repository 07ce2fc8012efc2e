import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fresh from 'fresh'
import type { PublishedFile } from '../publish/publish.ts'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { chooseEncoding } from './choose-encoding.ts'
import { CACHE_CONTROL, linkHeader } from './http-headers.ts'
import { replyNotFound } from './problems.ts'
import { pathOf } from './request-path.ts'

/** Serves the feeds and pages of the current snapshot: prepared bytes, chosen per request, never rendered. */
export function registerPublishedRoutes (app: FastifyInstance, store: SnapshotStore): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    handler: async (request, reply) => {
      const file = store.current().published.files.get(pathOf(request.url))
      if (file === undefined) return replyNotFound(request, reply)
      return sendPublished(request, reply, file)
    }
  })
}

function sendPublished (request: FastifyRequest, reply: FastifyReply, file: PublishedFile): FastifyReply {
  const encoding = chooseEncoding(request.headers)
  const representation = file.representations[encoding]
  reply.headers({
    'content-type': file.type,
    etag: representation.etag,
    'last-modified': file.lastModified.toUTCString(),
    'cache-control': file.kind === 'feed' ? CACHE_CONTROL.feed : CACHE_CONTROL.page,
    vary: 'Accept-Encoding',
    'x-content-type-options': 'nosniff'
  })
  if (file.kind === 'feed') {
    // Web feed readers fetch from other origins; the Link header names the canonical feed URL.
    reply.headers({
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag, Last-Modified, Link',
      link: linkHeader([{ url: file.url, rel: 'self', type: file.type.split(';')[0] }])
    })
  }
  // `fresh` implements RFC 9110 §13.2.2: If-None-Match (lists, *, weak comparison) wins over If-Modified-Since.
  if (fresh(request.headers, { etag: representation.etag, 'last-modified': file.lastModified.toUTCString() })) {
    return reply.code(304).send()
  }
  if (encoding !== 'identity') reply.header('content-encoding', encoding)
  reply.header('content-length', representation.body.length)
  return reply.send(request.method === 'HEAD' ? undefined : representation.body)
}
