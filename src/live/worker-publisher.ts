import type { Worker } from 'node:worker_threads'
import type { PublicationOptions } from '../content/load-publication.ts'
import type { Representations } from '../publish/encode.ts'
import type { Published, PublishedFile } from '../publish/publish.ts'
import { siblingModule, startWorker } from '../start-worker.ts'
import type { BrokenOutcome, ContentPublisher, PublishedOutcome } from './content-publisher.ts'

/** A version as the worker sends it: files unchanged since its last answer are their paths. */
type SentPublished = Omit<Published, 'files'> & { readonly files: ReadonlyArray<PublishedFile | string> }
type SentOutcome = Omit<PublishedOutcome, 'published'> & { readonly published: SentPublished }

// The thread's young generation, in MB. By V8's default its new space grows to 32 MB and stays
// resident once a restart's load has filled it; at 16 MB a 10,000-issue server held about 25 MB
// less once a restart had caught up, and served its edits as fast (see "Performance at scale").
const YOUNG_GENERATION_MB = 16

/**
 * A content publisher running in a worker thread: loading, Markdown, rendering and the JavaScript
 * side of compression never run on the thread that answers requests, so no request waits for a
 * publish, however large. A worker that dies is replaced at the next publish.
 */
export function createWorkerPublisher (options: PublicationOptions): ContentPublisher {
  let worker: Worker | undefined
  let nextId = 0
  const pending = new Map<number, { resolve: (value: any) => void, reject: (error: Error) => void, early?: (published: Published) => void }>()
  let received = new Map<string, PublishedFile>()

  const start = (): Worker => {
    const started = startWorker(siblingModule(import.meta.url, 'publish-worker'), { workerData: options, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } })
    started.on('message', ({ id, outcome, early }: { id: number, outcome?: unknown, early?: SentPublished }) => {
      // A first start's hot outputs, sent before the answer (see ContentPublisher.publish).
      if (early !== undefined) {
        pending.get(id)?.early?.(receive(early))
        return
      }
      pending.get(id)?.resolve(outcome)
      pending.delete(id)
    })
    const fail = (error: Error): void => {
      for (const { reject } of pending.values()) reject(error)
      pending.clear()
      worker = undefined
      received = new Map()
    }
    started.on('error', fail)
    started.on('exit', (code) => fail(new Error(`the publishing thread stopped (exit code ${code})`)))
    return started
  }
  const ask = async (message: object, early?: (published: Published) => void): Promise<any> => {
    worker ??= start()
    const id = nextId++
    const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject, early }))
    worker.postMessage({ ...message, id })
    return await answer
  }

  const receive = (sent: SentPublished): Published => {
    const files = new Map(sent.files.map((file): [string, PublishedFile] => typeof file === 'string' ? [file, received.get(file)!] : [file.path, withBuffers(file)]))
    received = files
    return { ...sent, files }
  }

  return {
    publish: async (now, changed, early) => {
      const outcome = await ask({ type: 'publish', now: now.getTime(), changed: changed === undefined ? undefined : [...changed], early: early !== undefined }, early) as BrokenOutcome | SentOutcome
      if (!outcome.ok) return outcome
      return { ...outcome, published: receive(outcome.published) }
    },
    refine: async () => {
      if (worker === undefined) return undefined
      const refined = await ask({ type: 'refine' }) as SentPublished | undefined
      return refined === undefined ? undefined : receive(refined)
    },
    // Compared in the worker: ten thousand stats leave their garbage there, not on the thread that serves.
    changedSinceRead: async () => worker === undefined ? [] : await ask({ type: 'changed' }) as string[],
    close: async () => {
      if (worker === undefined) return
      await ask({ type: 'close' })
      await worker.terminate()
      worker = undefined
    }
  }
}

// Buffers cross threads as plain Uint8Arrays; the server sends Buffers.
function withBuffers (file: PublishedFile): PublishedFile {
  const convert = (representations: Representations): Representations => {
    const one = <T extends { body?: Uint8Array }>(representation: T): T => representation.body === undefined ? representation : { ...representation, body: Buffer.from(representation.body.buffer, representation.body.byteOffset, representation.body.byteLength) }
    return { identity: one(representations.identity), gzip: one(representations.gzip), br: one(representations.br) }
  }
  return { ...file, representations: convert(file.representations), preview: file.preview === undefined ? undefined : convert(file.preview) }
}
