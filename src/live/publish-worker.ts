import { parentPort, workerData } from 'node:worker_threads'
import type { PublicationOptions } from '../content/load-publication.ts'
import type { PublishedFile } from '../publish/publish.ts'
import { createContentPublisher } from './content-publisher.ts'

// The worker thread of worker-publisher.ts: publishes on request and answers with what changed.
// A file sent before and unchanged since is sent as its path only, so a one-issue edit of a large
// archive crosses threads as a few files, not the whole list.
const publisher = createContentPublisher(workerData as PublicationOptions)
let sent = new Map<string, PublishedFile>()

type Message = { type: 'publish', id: number, now: number } | { type: 'close', id: number }

async function answer (message: Message): Promise<void> {
  if (message.type === 'close') {
    await publisher.close()
    parentPort!.postMessage({ id: message.id })
    return
  }
  const outcome = await publisher.publish(new Date(message.now))
  if (!outcome.ok) {
    parentPort!.postMessage({ id: message.id, outcome })
    return
  }
  const files = [...outcome.published.files.values()].map((file) => sent.get(file.path) === file ? file.path : file)
  sent = new Map(outcome.published.files)
  parentPort!.postMessage({ id: message.id, outcome: { ...outcome, published: { ...outcome.published, files } } })
}

parentPort!.on('message', (message: Message) => {
  // An unexpected failure ends the thread with an error, which worker-publisher.ts reports and recovers from.
  answer(message).catch((error: unknown) => { throw error })
})
