import { Worker, type WorkerOptions } from 'node:worker_threads'

/**
 * Starts a worker thread running the module at `url`. Built feedwright runs `.js` files as they
 * are; run from its TypeScript sources (tests, `tsx`), the worker first registers tsx's loader,
 * because Node 20 gives worker threads no way to inherit the parent's module hooks.
 */
export function startWorker (url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options)
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(url.href)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}

/** The sibling module `name` of the calling module, in the same form (`.ts` from sources, `.js` when built). */
export function siblingModule (base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base)
}
