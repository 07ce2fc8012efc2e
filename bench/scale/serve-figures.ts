import { spawn, type ChildProcess } from 'node:child_process'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { readServedRecord } from '../../src/live/served-record.ts'
import { objectNames } from '../../src/publish/disk-store.ts'
import { stopChild as stop } from '../../test/helpers.ts'
import { memoryOf } from './processes.ts'

/** What `serve` did with a generated publication. */
export interface ServeFigures {
  /** From spawning a server with nothing recorded to its first 200 for the main feed... */
  readonly coldFirstByteSeconds: number
  /** ...and to every output served (until then, it serves the hot ones and renders the rest). */
  readonly coldWholeSeconds: number
  readonly restartFirstByteSeconds: number
  /** Resident memory once serving, settled, in MB. */
  readonly servingMb: number
  /**
   * Median time from the end of the debounce to the edited page being served, in ms, over edits
   * each made once the server is quiet (see QUIET_MS).
   */
  readonly editMs: number
  /**
   * Median time from the save to the edited page being served, in ms, over the edits of the burst,
   * each made as soon as the last was served. From the save, not from the end of the debounce: such
   * an edit is often found by the comparison with the disk that follows a publish, before the
   * debounce would have ended, and less the debounce it would seem served before it was made.
   */
  readonly burstEditMs: number
  /**
   * Resident memory over the first ten and the last ten consecutive edits, the median of each, in
   * MB: one reading after each edit moves by a hundred MB with when the collector last ran.
   */
  readonly afterEditsMb: { readonly first: number, readonly last: number }
  /**
   * The rendered outputs the cache folder holds once the edits are over and the server stopped,
   * in MB, against those the version it served names: without pruning, every edit's would stay.
   */
  readonly keptOutputsMb: { readonly all: number, readonly served: number }
}

export interface ServeSetup {
  readonly cli: string
  readonly contentDir: string
  readonly mediaDir: string
  readonly cacheDir: string
  readonly port: number
  /** The issue file to edit, and the URL path of its page. */
  readonly editFile: string
  readonly editPage: string
  readonly edits: number
}

// The watcher publishes this long after the last change it saw (src/live/watch-folders.ts).
const DEBOUNCE_MS = 300
// An edit is timed once the last one is over: published, compared with the disk, and compressed
// as hard as it deserves a second after (src/live/live-publisher.ts). An edit made straight after
// the last was served can be found by that comparison, still going, before the debounce would
// have ended, and then seems faster than any edit a publisher makes after a pause.
const QUIET_MS = 3000
const TIMED_EDITS = 15

/**
 * The server runs as the README advises deploying it on Linux: glibc gives each thread that
 * compresses its own memory arenas, which keep what they freed (see "Memory on Linux").
 */
export const SERVE_ENVIRONMENT = { MALLOC_ARENA_MAX: '2' } as const
const SETTLE_MS = 3000

export async function measureServe (setup: ServeSetup): Promise<ServeFigures> {
  const base = `http://127.0.0.1:${setup.port}`
  const start = (): ChildProcess => spawn(process.execPath, [setup.cli, 'serve', '--content', setup.contentDir, '--media', setup.mediaDir,
    '--cache', setup.cacheDir, '--host', '127.0.0.1', '--port', String(setup.port), '--log-level', 'warn', '--log-format', 'json'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, ...SERVE_ENVIRONMENT } })

  let server = start()
  const coldStarted = performance.now()
  const coldFirstByteSeconds = await firstByte(base, server)
  await untilChecked(base)
  const coldWholeSeconds = (performance.now() - coldStarted) / 1000
  await stop(server)
  server = start()
  try {
    const restartFirstByteSeconds = await firstByte(base, server)
    // A restart answers from the version it served last, then compares it with the files.
    await untilChecked(base)
    await sleep(SETTLE_MS)
    const servingMb = memoryOf(server.pid, 'VmRSS') / 1024

    const original = await readFile(setup.editFile, 'utf8')
    // Served this long after the save.
    const edit = async (marker: string): Promise<number> => {
      const written = performance.now()
      await writeFile(setup.editFile, original.replace(/^title: .*$/m, `title: "${marker}"`))
      await untilServed(`${base}${setup.editPage}`, marker)
      return performance.now() - written
    }
    const latencies: number[] = []
    const burst: number[] = []
    const resident: number[] = []
    try {
      for (let n = 1; n <= TIMED_EDITS; n++) {
        await sleep(QUIET_MS)
        latencies.push(await edit(`Timed edit ${n} ${Date.now()}`) - DEBOUNCE_MS)
      }
      // A burst, as a publisher saving again and again makes: memory must stay flat across it.
      for (let n = 1; n <= setup.edits; n++) {
        burst.push(await edit(`Edited ${n} ${Date.now()}`))
        resident.push(memoryOf(server.pid, 'VmRSS') / 1024)
      }
    } finally {
      await writeFile(setup.editFile, original)
    }
    await stop(server)
    return {
      coldFirstByteSeconds,
      coldWholeSeconds,
      restartFirstByteSeconds,
      servingMb,
      editMs: median(latencies),
      burstEditMs: median(burst),
      afterEditsMb: { first: median(resident.slice(0, 10)), last: median(resident.slice(-10)) },
      keptOutputsMb: await keptOutputs(setup)
    }
  } finally {
    await stop(server)
  }
}

// Sizes of the files themselves (not the blocks they take), so that the two figures compare.
async function keptOutputs (setup: ServeSetup): Promise<{ all: number, served: number }> {
  const objects = path.join(setup.cacheDir, 'objects')
  const sizes = new Map<string, number>()
  for (const folder of await readdir(objects)) {
    for (const name of await readdir(path.join(objects, folder))) sizes.set(name, (await stat(path.join(objects, folder, name))).size)
  }
  const record = await readServedRecord(setup.cacheDir, setup)
  if (record === undefined) throw new Error('the server recorded no version')
  const served = new Set([...record.files.values()].flatMap(objectNames))
  const megabytes = (names: Iterable<string>): number => [...names].reduce((sum, name) => sum + (sizes.get(name) ?? 0), 0) / 1024 / 1024
  return { all: megabytes(sizes.keys()), served: megabytes(served) }
}

// From spawning to the first 200 for the main feed.
async function firstByte (base: string, server: ChildProcess): Promise<number> {
  const started = performance.now()
  for (;;) {
    if (server.exitCode !== null) throw new Error(`serve exited ${server.exitCode} before answering`)
    try {
      const response = await request(`${base}/feed.xml`)
      await response.body.dump()
      if (response.statusCode === 200) return (performance.now() - started) / 1000
    } catch {
      // Not listening yet.
    }
    await sleep(10)
  }
}

async function untilChecked (base: string): Promise<void> {
  const deadline = performance.now() + 600_000
  while (performance.now() < deadline) {
    const response = await request(`${base}/health`)
    if ((await response.body.json() as { status: string }).status !== 'starting') return
    await sleep(50)
  }
  throw new Error('the server never finished starting (a restart compares its version with the files, a first start renders every output)')
}

async function untilServed (url: string, text: string): Promise<void> {
  const deadline = performance.now() + 60_000
  while (performance.now() < deadline) {
    const response = await request(url)
    if ((await response.body.text()).includes(text)) return
    await sleep(5)
  }
  throw new Error(`${url} never showed "${text}"`)
}

function median (values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}
