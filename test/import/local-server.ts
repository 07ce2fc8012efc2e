import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Agent } from 'undici'
import type { TestWithTeardown } from '../helpers.ts'

/** A plain node:http server on a real local port, free to misbehave as old hosts do; closed at the end of the test. */
export async function startLocalServer (t: TestWithTeardown, handle: (request: IncomingMessage, response: ServerResponse, count: number) => void): Promise<{ url: string, requests: IncomingMessage[], dispatcher: Agent }> {
  const requests: IncomingMessage[] = []
  const server = createServer((request, response) => {
    requests.push(request)
    handle(request, response, requests.length)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  // A short keep-alive, so no socket holds the test open.
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
  t.teardown(async () => {
    await dispatcher.close()
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, dispatcher }
}
