import { parentPort } from 'node:worker_threads'
import { compressNow } from './encode.ts'

// Compresses for compression-threads.ts, one body at a time, answering in the order asked:
// { body, gzipLevel, brotliQuality } → { gzip, br }, or { error } when zlib refuses.
parentPort!.on('message', ({ body, gzipLevel, brotliQuality }: { body: Uint8Array, gzipLevel: number, brotliQuality: number }) => {
  try {
    const [gzip, br] = compressNow(Buffer.from(body.buffer, body.byteOffset, body.byteLength), gzipLevel, brotliQuality)
    parentPort!.postMessage({ gzip, br })
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message })
  }
})
