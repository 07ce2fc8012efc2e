import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { MockAgent } from 'undici'
import { placeholderArtworkPng } from '../../src/import/placeholder-artwork.ts'
import { ROOT, type TestWithTeardown } from '../helpers.ts'

const AUDIO = Buffer.alloc(1000, 1)

export const IMPORT_FIXTURES = path.join(ROOT, 'test', 'fixtures', 'import')

/**
 * A MockAgent standing in for the old hosts: each feed document at its address, square PNG
 * artwork for every image, and 1000 bytes (its type from the extension) for every audio file,
 * to HEAD and GET. Nothing reaches the network.
 */
export async function mockOldHosts (t: TestWithTeardown, documents: Readonly<Record<string, string>>): Promise<MockAgent> {
  const agent = new MockAgent()
  agent.disableNetConnect()
  t.teardown(async () => await agent.close())
  const bodies = new Map<string, Buffer>()
  for (const [url, file] of Object.entries(documents)) bodies.set(url, await readFile(path.join(IMPORT_FIXTURES, file)))
  const png = placeholderArtworkPng()
  const origins = new Set<string>()
  for (const body of bodies.values()) {
    for (const match of body.toString('latin1').matchAll(/https?:\/\/[a-z0-9.-]+/gi)) {
      origins.add(new URL(match[0]).origin)
      origins.add(new URL(match[0].replace(/^http:/, 'https:')).origin)
    }
  }
  for (const origin of origins) {
    agent.get(origin).intercept({ path: () => true, method: () => true }).reply((request) => {
      const url = `${origin}${request.path}`
      const body = bodies.get(url)
      if (body !== undefined) return { statusCode: 200, data: body, responseOptions: { headers: { 'content-type': 'application/xml' } } }
      if (/\.(png|jpe?g)(\?|$)/i.test(request.path)) return { statusCode: 200, data: png, responseOptions: { headers: { 'content-type': 'image/png', 'content-length': String(png.length) } } }
      if (/\.(mp3|m4a)(\?|$)/i.test(request.path)) {
        const type = /\.m4a/i.test(request.path) ? 'audio/x-m4a' : 'audio/mpeg'
        return { statusCode: 200, data: request.method === 'HEAD' ? '' : AUDIO, responseOptions: { headers: { 'content-type': type, 'content-length': String(AUDIO.length) } } }
      }
      return { statusCode: 404, data: 'not found' }
    }).persist()
  }
  return agent
}
