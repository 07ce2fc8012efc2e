import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { siblingModule, startWorker } from '../start-worker.ts'
import { renderBodyWithFacts, type RenderedBody } from './html-facts.ts'
import type { LoadCache } from './load-cache.ts'
import { markdownKey, type MarkdownSource } from './markdown.ts'

// Below this many documents, starting threads costs more than it saves.
const PARALLEL_FROM = 200
const BATCH = 100

type Job = readonly [markdown: string, baseUrl: string]

/**
 * Renders Markdown (see renderBodyWithFacts) as it comes, on every core once there is enough of it:
 * a cold load of a large archive spends most of its time in Markdown and HTML sanitizing, which
 * parallelises perfectly, and renders what it has read while it reads the rest.
 */
interface RenderingThreads {
  render (job: Job, done: (rendered: RenderedBody) => void): void
  /** Renders what is left (in this thread, if there was too little to start threads), waits for all of it, and stops the threads. */
  finish (): Promise<void>
}

function startRenderingThreads (): RenderingThreads {
  const queue: Array<{ readonly job: Job, readonly done: (rendered: RenderedBody) => void }> = []
  const threads: Worker[] = []
  const idle: Array<(jobs: readonly Job[]) => Promise<RenderedBody[]>> = []
  const running = new Set<Promise<void>>()
  let finishing = false
  let failure: Error | undefined
  // Each thread takes the next batch when it finishes one, so a slow batch never idles the rest.
  const batchReady = (): boolean => idle.length > 0 && (queue.length >= BATCH || (finishing && queue.length > 0))
  const dispatch = (): void => {
    while (batchReady()) {
      const render = idle.pop()!
      const batch = queue.splice(0, BATCH)
      const run = render(batch.map(({ job }) => job)).then((rendered) => {
        batch.forEach(({ done }, index) => done(rendered[index]!))
        idle.push(render)
        dispatch()
      }, (error: Error) => { failure ??= error })
      running.add(run)
      run.finally(() => running.delete(run)).catch(() => {})
    }
  }
  // A first thread once there is enough to render, then one more (up to a thread per core) each
  // time a whole batch waits with none idle: a few hundred documents never start sixty-four.
  const moreThreadsNeeded = (): boolean => threads.length < availableParallelism() &&
    (threads.length === 0 ? queue.length >= PARALLEL_FROM : queue.length >= BATCH && idle.length === 0)
  return {
    render: (job, done) => {
      queue.push({ job, done })
      if (moreThreadsNeeded()) {
        const thread = startWorker(siblingModule(import.meta.url, 'markdown-worker'))
        threads.push(thread)
        idle.push(messenger(thread))
      }
      dispatch()
    },
    finish: async () => {
      if (threads.length === 0) {
        for (const { job: [markdown, baseUrl], done } of queue.splice(0)) done(renderBodyWithFacts(markdown, baseUrl))
        return
      }
      finishing = true
      try {
        dispatch()
        const rendering = (): boolean => running.size > 0 && failure === undefined
        while (rendering()) await Promise.race(running)
        if (failure !== undefined) throw failure
      } finally {
        await Promise.all(threads.map(async (thread) => await thread.terminate()))
      }
    }
  }
}

/** Sends one batch at a time to a worker and resolves with its answer, or rejects if the worker fails. */
function messenger (worker: Worker): (jobs: readonly Job[]) => Promise<RenderedBody[]> {
  let pending: { resolve: (rendered: RenderedBody[]) => void, reject: (error: Error) => void } | undefined
  worker.on('message', ({ rendered }: { rendered: RenderedBody[] }) => pending?.resolve(rendered))
  worker.on('error', (error) => pending?.reject(error))
  return async (jobs) => await new Promise((resolve, reject) => {
    pending = { resolve, reject }
    worker.postMessage({ jobs })
  })
}

/**
 * The Markdown of one load, rendered against its base URL as the load finds it: what the cache
 * does not hold yet is rendered (see RenderingThreads) and put there with the facts of its HTML.
 */
export interface MarkdownRendering {
  add (source: MarkdownSource): void
  /** Waits until everything added is in the cache. */
  finish (): Promise<void>
}

export function startMarkdownRendering (baseUrl: string, cache: LoadCache): MarkdownRendering {
  const threads = startRenderingThreads()
  const added = new Set<string>()
  return {
    add: (source) => {
      const key = markdownKey(source, baseUrl)
      // The body last: a file the load took as the last one read it has it on disk only.
      if (added.has(key) || cache.has('markdown', key) || source.body.trim() === '') return
      added.add(key)
      threads.render([source.body, baseUrl], (rendered) => {
        cache.put('markdown', key, 'reason' in rendered ? rendered : rendered.html)
        if (!('reason' in rendered)) cache.put('html-facts', rendered.factsKey, rendered.facts)
      })
    },
    finish: async () => { await threads.finish() }
  }
}

// The base URL each source was last rendered against or found in the cache for: a load that takes a
// file as the last one read it (see readContentFiles) passes the same source, with nothing to look up.
const prerendered = new WeakMap<MarkdownSource, string>()

/**
 * Renders the Markdown of each source the cache does not hold yet, and puts it there with the
 * facts of its HTML; with the rendering that a load started while it read the files, what that
 * rendered already is not rendered again.
 */
export async function prerenderMarkdown (sources: readonly MarkdownSource[], baseUrl: string, cache: LoadCache, rendering = startMarkdownRendering(baseUrl, cache)): Promise<void> {
  const unknown = sources.filter((source) => prerendered.get(source) !== baseUrl)
  for (const source of unknown) rendering.add(source)
  await rendering.finish()
  for (const source of unknown) prerendered.set(source, baseUrl)
}
