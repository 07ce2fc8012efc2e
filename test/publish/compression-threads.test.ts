import { randomBytes } from 'node:crypto'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { startCompression } from '../../src/publish/compression-threads.ts'
import { compressOnThreadPool, encodeBody } from '../../src/publish/encode.ts'
import { publish } from '../../src/publish/publish.ts'
import { loadFixture } from '../helpers.ts'

t.test('compression threads give the very bytes of libuv\'s thread pool, for every output of the sample and for bodies no output has', async (t) => {
  const published = await publish((await loadFixture('sample')).publication)
  const bodies = [
    ...[...published.files.values()].map((file) => [file.path, file.representations.identity.body!] as const),
    ['empty', Buffer.alloc(0)],
    ['random bytes', randomBytes(300_000)],
    ['a slice of a larger buffer', Buffer.from('xx<p>feed</p>'.repeat(5000), 'utf8').subarray(2, 40_000)]
  ] as const
  t.ok(bodies.length > 30, `${bodies.length} bodies`)
  // Every body goes to a thread: none is left to the thread pool.
  const threads = startCompression(0)
  try {
    for (const [level, quality] of [[1, 1], [6, 5], [9, 11]]) {
      const answers = await Promise.all(bodies.map(async ([, body]) => await Promise.all([threads.compress(body, level!, quality!), compressOnThreadPool(body, level!, quality!)])))
      answers.forEach(([[gzip, br], [poolGzip, poolBr]], index) => {
        const [name, body] = bodies[index]!
        t.ok(gzip.equals(poolGzip) && br.equals(poolBr), `${name} at gzip ${level} and br ${quality}`)
        t.ok(gunzipSync(gzip).equals(body) && brotliDecompressSync(br).equals(body), `${name} decompresses to itself`)
      })
    }
  } finally {
    await threads.close()
  }
})

t.test('encodeBody gives the same representations, ETags included, whichever compresses', async (t) => {
  const body = Buffer.from('<rss>'.repeat(10_000), 'utf8')
  const threads = startCompression(0)
  try {
    t.same(await encodeBody(body, 'max', undefined, { compress: threads.compress }), await encodeBody(body, 'max'))
  } finally {
    await threads.close()
  }
})

t.test('a body zlib refuses is refused with zlib\'s reason, and the threads go on compressing', async (t) => {
  const threads = startCompression(0)
  try {
    await t.rejects(threads.compress(Buffer.from('text'), 42, 5), /compression failed: .*level/i)
    const [gzip] = await threads.compress(Buffer.from('text'), 6, 5)
    t.equal(gunzipSync(gzip).toString(), 'text')
  } finally {
    await threads.close()
  }
})

t.test('bodies still waiting when compression is closed are refused, not left hanging', async (t) => {
  const threads = startCompression(0)
  const waiting = Promise.allSettled(Array.from({ length: 8 }, async () => await threads.compress(randomBytes(2_000_000), 9, 11)))
  await threads.close()
  const settled = await waiting
  t.ok(settled.some((result) => result.status === 'rejected'), 'the ones not done are rejected')
})
