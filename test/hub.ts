import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import type { TestWithTeardown } from './helpers.ts'

/** One request a test hub received. */
export interface Received {
  readonly method: string
  readonly url: string
  readonly contentType?: string
  readonly form: Record<string, string>
}

/** How the test hub answers its `count`-th request. */
export type Behaviour = (request: FastifyRequest, reply: FastifyReply, count: number) => unknown

/** A WebSub hub on a real local socket that records what it receives and answers as told. */
export async function startHub (t: TestWithTeardown, behaviour: Behaviour = (_request, reply) => reply.code(204).send()): Promise<{ url: string, received: Received[] }> {
  const hub = Fastify()
  hub.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)))
  })
  const received: Received[] = []
  hub.all('/*', async (request, reply) => {
    received.push({ method: request.method, url: request.url, contentType: request.headers['content-type'], form: (request.body ?? {}) as Record<string, string> })
    return behaviour(request, reply, received.length)
  })
  await hub.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(async () => await hub.close())
  const { port } = hub.server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}/`, received }
}
