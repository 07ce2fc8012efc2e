import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { parentPort, workerData } from 'node:worker_threads'
import type { PublicationOptions } from '../content/load-publication.ts'
import type { Published, PublishedFile } from '../publish/publish.ts'
import { createContentPublisher } from './content-publisher.ts'

// The worker thread of worker-publisher.ts: publishes on request and answers with what changed.
// A file sent before and unchanged since is sent as its path only, so a one-issue edit of a large
// archive crosses threads as a few files, not the whole list.
const publisher = createContentPublisher(workerData as PublicationOptions)
let sent = new Map<string, PublishedFile>()

// A publish leaves tens of MB of garbage behind (lists, keys and strings for the whole archive). A
// full collection after each answer kept the heap near what the publisher holds, but took about
// 200 ms of this thread at 10,000 issues, which a publisher saving again and again then waited for
// (edits were served in 590 to 750 ms that way, against 360 to 510 ms without). After a publish it
// runs only when the heap has grown this much since the last one: a safety net, since V8 on its
// own kept this thread's heap between 170 and 240 MB over a hundred edits. A worker is given heap
// limits (its young generation's is set in worker-publisher.ts) but no V8 flags, so the collector
// is exposed the one way a running isolate allows.
setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void
const COLLECT_AFTER_GROWTH = 48 * 1024 * 1024
let heapAfterCollecting = 0
const collect = (): void => {
  collectGarbage()
  heapAfterCollecting = getHeapStatistics().used_heap_size
}
const collectIfGrown = (): void => {
  if (getHeapStatistics().used_heap_size - heapAfterCollecting >= COLLECT_AFTER_GROWTH) collect()
}

type Message = { type: 'publish', id: number, now: number, changed?: string[], early: boolean } | { type: 'refine', id: number } | { type: 'changed', id: number } | { type: 'close', id: number }

// A version as it crosses to the serving thread: the files it already has, by path.
function toSend (published: Published): object {
  const files = [...published.files.values()].map((file) => sent.get(file.path) === file ? file.path : file)
  sent = new Map(published.files)
  return { ...published, files }
}

async function answer (message: Message): Promise<void> {
  if (message.type === 'close') {
    await publisher.close()
    parentPort!.postMessage({ id: message.id })
    return
  }
  if (message.type === 'refine') {
    const refined = await publisher.refine()
    parentPort!.postMessage({ id: message.id, outcome: refined === undefined ? undefined : toSend(refined) })
    // A refine comes once the edits have stopped for a second (see live-publisher.ts): a full
    // collection now (60 to 120 ms at 10,000 issues) is paid while nobody waits. Left to V8, the
    // heap reached its limit during the next publish, whose edit then waited for the marking: at
    // 10,000 issues, 15 edits 3 s apart, three runs each, the medians were 252 to 283 ms this way
    // against 274 to 302 ms without.
    collect()
    return
  }
  if (message.type === 'changed') {
    parentPort!.postMessage({ id: message.id, outcome: await publisher.changedSinceRead() })
    return
  }
  const early = message.early ? (published: Published) => parentPort!.postMessage({ id: message.id, early: toSend(published) }) : undefined
  const outcome = await publisher.publish(new Date(message.now), message.changed === undefined ? undefined : new Set(message.changed), early)
  if (!outcome.ok) {
    parentPort!.postMessage({ id: message.id, outcome })
    return
  }
  parentPort!.postMessage({ id: message.id, outcome: { ...outcome, published: toSend(outcome.published) } })
  collectIfGrown()
}

parentPort!.on('message', (message: Message) => {
  // An unexpected failure ends the thread with an error, which worker-publisher.ts reports and recovers from.
  answer(message).catch((error: unknown) => { throw error })
})
