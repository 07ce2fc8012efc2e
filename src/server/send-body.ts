import { readFile } from 'node:fs/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Representation } from '../publish/encode.ts'

/** Sends a representation's bytes from memory, or from the store's file for outputs not kept in memory; nothing for HEAD. */
export function sendBody (request: FastifyRequest, reply: FastifyReply, representation: Representation): FastifyReply | Promise<FastifyReply> {
  if (request.method === 'HEAD') return reply.send()
  if (representation.body !== undefined) return reply.send(representation.body)
  return readFile(representation.file!).then((body) => reply.send(body))
}
