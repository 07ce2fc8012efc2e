import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fresh from 'fresh'
import parseRange from 'range-parser'
import { streamMedia, type MediaEntry } from '../publish/media-index.ts'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { CACHE_CONTROL } from './http-headers.ts'
import { replyError, replyNotFound } from './problems.ts'
import { mediaPathOf } from './request-path.ts'

/**
 * Serves the files under `media/` with byte ranges, as Apple Podcasts and every podcast app require.
 * A request is a lookup by exact path in the media index, so `..`, encoded dots, backslashes, NUL
 * bytes and symlinks out of the folder find nothing; no request path ever reaches the file system.
 */
export function registerMediaRoutes (app: FastifyInstance, store: SnapshotStore): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/media/*',
    handler: async (request, reply) => {
      const entry = store.current().media.get(mediaPathOf(request.url) ?? '')
      if (entry === undefined) return replyNotFound(request, reply, store.current().published)
      return sendMedia(request, reply, entry)
    }
  })
}

function sendMedia (request: FastifyRequest, reply: FastifyReply, entry: MediaEntry): FastifyReply {
  const lastModified = entry.modified.toUTCString()
  reply.headers({
    'content-type': entry.type,
    etag: entry.etag,
    'last-modified': lastModified,
    'cache-control': CACHE_CONTROL.media,
    'accept-ranges': 'bytes',
    'access-control-allow-origin': '*',
    'x-content-type-options': 'nosniff'
  })
  if (fresh(request.headers, { etag: entry.etag, 'last-modified': lastModified })) return reply.code(304).send()

  const range = requestedRange(request, entry, lastModified)
  if (range === 'unsatisfiable') {
    reply.header('content-range', `bytes */${entry.size}`)
    return replyError(reply, 416, 'Range Not Satisfiable', `${String(request.headers.range)} is outside the ${entry.size} bytes of this file`)
  }
  const { start, end } = range ?? { start: 0, end: entry.size - 1 }
  if (range !== undefined) reply.code(206).header('content-range', `bytes ${start}-${end}/${entry.size}`)
  reply.header('content-length', Math.max(0, end - start + 1))
  if (request.method === 'HEAD' || entry.size === 0) return reply.send()
  return reply.send(entry.bytes === undefined ? streamMedia(entry, start, end) : entry.bytes.subarray(start, end + 1))
}

/**
 * The one range to send, undefined for the whole file. A multi-range request gets the whole file
 * (RFC 9110 §14.2 lets a server ignore Range), as does an If-Range that no longer matches.
 */
function requestedRange (request: FastifyRequest, entry: MediaEntry, lastModified: string): { start: number, end: number } | 'unsatisfiable' | undefined {
  const header = request.headers.range
  if (header === undefined) return undefined
  const ifRange = request.headers['if-range']
  if (ifRange !== undefined && ifRange !== entry.etag && ifRange !== lastModified) return undefined
  const ranges = parseRange(entry.size, header, { combine: true })
  if (ranges === -1) return 'unsatisfiable'
  if (ranges === -2 || ranges.type !== 'bytes' || ranges.length !== 1) return undefined
  return { start: ranges[0]!.start, end: ranges[0]!.end }
}
