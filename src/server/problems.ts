import type { FastifyReply, FastifyRequest } from 'fastify'
import Negotiator from 'negotiator'
import { notFoundPageUrl } from '../model/urls.ts'
import type { Published } from '../publish/publish.ts'
import { chooseEncoding } from './choose-encoding.ts'
import { sendBody } from './send-body.ts'

/** A small JSON error body: enough for a person or a client to see what went wrong, never a stack. */
export interface ErrorBody {
  readonly statusCode: number
  readonly error: string
  readonly message: string
}

/**
 * A 404: the publication's page for people (a link home, the newest issues) when the request
 * prefers HTML, as a browser's does; the small JSON body for everyone else (feed readers, scripts,
 * `curl`, which accept anything and so get the first choice, JSON). Decided by Accept, so both
 * vary by it.
 */
export function replyNotFound (request: FastifyRequest, reply: FastifyReply, published?: Published): FastifyReply | Promise<FastifyReply> {
  const siteUrl = published?.summary.url
  const page = siteUrl === undefined ? undefined : published?.files.get(`/${notFoundPageUrl(siteUrl).slice(siteUrl.length)}`)
  reply.header('vary', 'Accept, Accept-Encoding')
  if (page !== undefined && new Negotiator(request).mediaType(['application/json', 'text/html']) === 'text/html') {
    const representation = page.representations[chooseEncoding(request.headers)]
    reply.code(404).headers({
      'content-type': page.type,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'content-length': String(representation.length)
    })
    if (representation.encoding !== 'identity') reply.header('content-encoding', representation.encoding)
    return sendBody(request, reply, representation)
  }
  return replyError(reply, 404, 'Not Found', `Nothing is published at ${request.url.split('?')[0]}: the feeds are /feed.xml, /atom.xml, /feed.json and /podcast.xml`)
}

export function replyMethodNotAllowed (request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header('allow', 'GET, HEAD')
  return replyError(reply, 405, 'Method Not Allowed', `${request.method} is not allowed here: feedwright only serves GET and HEAD`)
}

export function replyError (reply: FastifyReply, statusCode: number, error: string, message: string): FastifyReply {
  const body: ErrorBody = { statusCode, error, message }
  return reply.code(statusCode).header('cache-control', 'no-store').type('application/json; charset=utf-8').send(body)
}
