import { parentPort } from 'node:worker_threads'
import { renderBodyWithFacts } from './html-facts.ts'

// Renders batches of Markdown for markdown-pool.ts: { jobs: [markdown, baseUrl][] } → { rendered[] }.
parentPort!.on('message', ({ jobs }: { jobs: Array<[string, string]> }) => {
  parentPort!.postMessage({ rendered: jobs.map(([markdown, baseUrl]) => renderBodyWithFacts(markdown, baseUrl)) })
})
