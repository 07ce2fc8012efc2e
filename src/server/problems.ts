import type { FastifyReply, FastifyRequest } from 'fastify'

/** A small JSON error body: enough for a person or a client to see what went wrong, never a stack. */
export interface ErrorBody {
  readonly statusCode: number
  readonly error: string
  readonly message: string
}

export function replyNotFound (request: FastifyRequest, reply: FastifyReply): FastifyReply {
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
