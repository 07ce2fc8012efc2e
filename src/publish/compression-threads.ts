import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { siblingModule, startWorker } from '../start-worker.ts'
import { compressOnThreadPool, type Compress } from './encode.ts'

// Below this many bodies, starting threads costs more than it saves: an edit's publish compresses
// a few dozen, on libuv's thread pool as before.
const THREADS_FROM = 100
// A publish has at most eight outputs compressing at once (see publish.ts): more threads than that
// would only hold memory (each thread is a JavaScript heap of its own) on a machine with many cores.
const MOST_THREADS = 8

/** Where one publish's bodies are compressed; `close` lets its threads go. */
export interface Compression {
  readonly compress: Compress
  close (): Promise<void>
}

/**
 * Compresses on threads of our own (one per core, up to eight) once a publish has many bodies to
 * compress, each with zlib's synchronous calls. zlib's asynchronous calls on libuv's thread pool
 * cost more: measured on 4,000 archive and issue pages of the 10,000-issue bench corpus (gzip 1
 * and br 1), 3.1–3.6 s of CPU and 0.4–0.9 s of it on the calling thread, against 2.5–2.8 s and
 * 0.1–0.2 s on two threads; compressing synchronously in one thread took 2.4 s. A cold build's
 * main thread renders and writes every output, so what compression takes of it is time the build
 * waits.
 */
export function startCompression (threadsFrom = THREADS_FROM): Compression {
  const threads: CompressionThread[] = []
  let asked = 0
  let failure: Error | undefined
  const compress: Compress = async (body, gzipLevel, brotliQuality) => {
    if (failure !== undefined) throw failure
    asked++
    if (asked <= threadsFrom) return await compressOnThreadPool(body, gzipLevel, brotliQuality)
    if (threads.length === 0) {
      for (let count = 0; count < Math.min(availableParallelism(), MOST_THREADS); count++) threads.push(startCompressionThread((error) => { failure ??= error }))
    }
    // The thread with the least to do: bodies differ in size by a thousand times.
    const thread = threads.reduce((least, candidate) => candidate.waiting < least.waiting ? candidate : least)
    return await thread.compress(body, gzipLevel, brotliQuality)
  }
  return {
    compress,
    close: async () => { await Promise.all(threads.splice(0).map(async (thread) => { await thread.stop() })) }
  }
}

interface CompressionThread {
  readonly compress: Compress
  /** Bodies sent and not answered yet. */
  readonly waiting: number
  stop (): Promise<void>
}

function startCompressionThread (failed: (error: Error) => void): CompressionThread {
  const worker: Worker = startWorker(siblingModule(import.meta.url, 'compression-worker'))
  // A thread answers in the order it was asked.
  const pending: Array<{ resolve: (encoded: readonly [Buffer, Buffer]) => void, reject: (error: Error) => void }> = []
  let stopping = false
  const failAll = (error: Error): void => {
    failed(error)
    for (const job of pending.splice(0)) job.reject(error)
  }
  worker.on('message', (answer: { gzip: Uint8Array, br: Uint8Array } | { error: string }) => {
    const job = pending.shift()
    if ('error' in answer) job?.reject(new Error(`compression failed: ${answer.error}`))
    else job?.resolve([asBuffer(answer.gzip), asBuffer(answer.br)])
  })
  worker.on('error', failAll)
  worker.on('exit', (code) => {
    if (!stopping) failAll(new Error(`a compression thread stopped (exit code ${code}) with ${pending.length} bodies to compress`))
  })
  return {
    get waiting () { return pending.length },
    compress: async (body, gzipLevel, brotliQuality) => await new Promise((resolve, reject) => {
      pending.push({ resolve, reject })
      worker.postMessage({ body, gzipLevel, brotliQuality })
    }),
    stop: async () => {
      stopping = true
      await worker.terminate()
      for (const job of pending.splice(0)) job.reject(new Error('compression stopped before this body was compressed'))
    }
  }
}

// Structured cloning gives back a plain Uint8Array: the same bytes, seen as a Buffer without a copy.
function asBuffer (bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
