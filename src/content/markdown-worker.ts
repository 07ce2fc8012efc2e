import { parentPort } from 'node:worker_threads'
import { renderMarkdown } from './markdown.ts'

// Renders batches of Markdown for markdown-pool.ts: { jobs: [markdown, baseUrl][] } → { html[] }.
parentPort!.on('message', ({ jobs }: { jobs: Array<[string, string]> }) => {
  parentPort!.postMessage({ html: jobs.map(([markdown, baseUrl]) => renderMarkdown(markdown, baseUrl)) })
})
