import { availableParallelism } from 'node:os'
import type { Worker } from 'node:worker_threads'
import { siblingModule, startWorker } from '../start-worker.ts'
import type { LoadCache } from './load-cache.ts'
import { renderBodyWithFacts, type RenderedBody } from './html-facts.ts'
import { markdownKey, type MarkdownSource } from './markdown.ts'

// Below this many documents, starting threads costs more than it saves.
const PARALLEL_FROM = 200
const BATCH = 100

/**
 * Renders many Markdown documents at once, on every core: a cold load of a large archive spends
 * most of its time in Markdown and HTML sanitizing, which parallelises perfectly. The results are
 * the same as `renderBodyWithFacts` one by one, in the same order.
 */
export async function renderMarkdownInParallel (jobs: ReadonlyArray<readonly [markdown: string, baseUrl: string]>): Promise<RenderedBody[]> {
  if (jobs.length < PARALLEL_FROM) return jobs.map(([markdown, baseUrl]) => renderBodyWithFacts(markdown, baseUrl))
  const threads = Math.max(1, Math.min(availableParallelism(), Math.ceil(jobs.length / BATCH)))
  const workers = Array.from({ length: threads }, () => startWorker(siblingModule(import.meta.url, 'markdown-worker')))
  try {
    const results: RenderedBody[] = new Array(jobs.length)
    let next = 0
    // Each worker takes the next batch when it finishes one, so a slow batch never idles the rest.
    await Promise.all(workers.map(async (worker) => {
      const render = messenger(worker)
      while (next < jobs.length) {
        const start = next
        next += BATCH
        const rendered = await render(jobs.slice(start, start + BATCH))
        for (let index = 0; index < rendered.length; index++) results[start + index] = rendered[index]!
      }
    }))
    return results
  } finally {
    await Promise.all(workers.map(async (worker) => await worker.terminate()))
  }
}

/** Sends one batch at a time to a worker and resolves with its answer, or rejects if the worker fails. */
function messenger (worker: Worker): (jobs: ReadonlyArray<readonly [string, string]>) => Promise<RenderedBody[]> {
  let pending: { resolve: (rendered: RenderedBody[]) => void, reject: (error: Error) => void } | undefined
  worker.on('message', ({ rendered }: { rendered: RenderedBody[] }) => pending?.resolve(rendered))
  worker.on('error', (error) => pending?.reject(error))
  return async (jobs) => await new Promise((resolve, reject) => {
    pending = { resolve, reject }
    worker.postMessage({ jobs })
  })
}

// The base URL each source was last rendered against or found in the cache for: a load that takes a
// file as the last one read it (see readContentFiles) passes the same source, with nothing to look up.
const prerendered = new WeakMap<MarkdownSource, string>()

/**
 * Renders, on every core, the Markdown of each source the cache does not hold yet, and puts it
 * there with the facts of its HTML (see html-facts.ts).
 */
export async function prerenderMarkdown (sources: readonly MarkdownSource[], baseUrl: string, cache: LoadCache): Promise<void> {
  const unknown = sources.filter((source) => prerendered.get(source) !== baseUrl)
  const missing = unknown.filter((source) => !cache.has('markdown', markdownKey(source, baseUrl)) && source.body.trim() !== '')
  const rendered = await renderMarkdownInParallel(missing.map((source) => [source.body, baseUrl] as const))
  missing.forEach((source, index) => {
    const body = rendered[index]!
    if ('reason' in body) {
      cache.put('markdown', markdownKey(source, baseUrl), body)
      return
    }
    cache.put('markdown', markdownKey(source, baseUrl), body.html)
    cache.put('html-facts', body.factsKey, body.facts)
  })
  for (const source of unknown) prerendered.set(source, baseUrl)
}
