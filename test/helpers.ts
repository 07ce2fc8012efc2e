import { spawn, type ChildProcess } from 'node:child_process'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import xml2js from 'xml2js'
import type { Clock } from '../src/live/clock.ts'
import { loadSnapshot } from '../src/live/load-snapshot.ts'
import { createSnapshotStore, type Snapshot } from '../src/publish/snapshot.ts'
import { buildApp } from '../src/server/app.ts'
import { loadPublication, type Loaded } from '../src/content/load-publication.ts'
import { ContentError, type Problem } from '../src/errors.ts'
import type { Publication } from '../src/model/publication.ts'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** The content and media folders of the shipped sample, or of a fixture under test/fixtures/. */
export function publicationDirs (name: 'sample' | string): { contentDir: string, mediaDir: string } {
  const base = name === 'sample' ? ROOT : path.join(ROOT, 'test', 'fixtures', name)
  return { contentDir: path.join(base, 'content'), mediaDir: path.join(base, 'media') }
}

/** Loads the sample or a fixture publication. */
export async function loadFixture (name: string, baseUrl?: string): Promise<Loaded> {
  return await loadPublication({ ...publicationDirs(name), baseUrl })
}

/** Loads a publication that must fail and returns its problems. */
export async function problemsOf (name: string): Promise<readonly Problem[]> {
  try {
    await loadFixture(name)
  } catch (error) {
    if (error instanceof ContentError) return error.problems
    throw error
  }
  throw new Error(`${name} loaded without errors`)
}

/** Parses XML the way a strict reader does: explicit arrays, attributes under `$`, text under `_`. */
export async function parseXml (xml: string): Promise<any> {
  return await xml2js.parseStringPromise(xml, { strict: true })
}

/** Text of an xml2js element that may carry attributes. */
export function textOf (node: unknown): string {
  return typeof node === 'string' ? node : (node as { _?: string })._ ?? ''
}

/** Checks that XML is well-formed and namespace-well-formed (every prefix declared); returns xmllint's complaint, or ''. */
export async function xmlErrors (xml: string): Promise<string> {
  const { stderr } = await runWithInput('xmllint', ['--noout', '-'], xml)
  return stderr
}

/** Runs a command with `input` on its standard input. */
async function runWithInput (command: string, args: string[], input: string): Promise<{ code: number | null, stderr: string }> {
  const child = spawn(command, args, { stdio: ['pipe', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  child.stdin.end(input)
  return { code: await exited, stderr }
}

/** A new empty folder, removed when the test ends. */
export async function makeTempDir (t: TestWithTeardown, prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `feedwright-${prefix}-`))
  t.teardown(async () => await rm(dir, { recursive: true, force: true }))
  return dir
}

/** A server app for `inject` over a fixture's snapshot, closed when the test ends. */
/** The part of a tap test the helpers need: somewhere to register cleanup. */
export interface TestWithTeardown {
  teardown (fn: () => unknown): void
}

export async function buildTestApp (t: TestWithTeardown, name = 'sample', baseUrl?: string): Promise<{ app: FastifyInstance, snapshot: Snapshot, publication: Publication }> {
  const { snapshot, loaded } = await loadSnapshot({ ...publicationDirs(name), baseUrl }, { now: new Date() })
  const app = await buildApp({ store: createSnapshotStore(snapshot) })
  t.teardown(async () => await app.close())
  return { app, snapshot, publication: loaded.publication }
}

/** A copy of a fixture publication in a temporary folder, to edit freely; removed when the test ends. */
export async function copyPublication (t: TestWithTeardown, name: string): Promise<{ contentDir: string, mediaDir: string }> {
  const dir = await makeTempDir(t, 'publication')
  const source = publicationDirs(name)
  const copy = { contentDir: path.join(dir, 'content'), mediaDir: path.join(dir, 'media') }
  await cp(source.contentDir, copy.contentDir, { recursive: true })
  await cp(source.mediaDir, copy.mediaDir, { recursive: true })
  return copy
}

/** A clock whose time moves only when the test says, running the timers that come due. */
export interface ManualClock extends Clock {
  advanceTo (time: Date): void
  readonly pending: number
}

export function createManualClock (start: Date): ManualClock {
  let now = start.getTime()
  let timers: Array<{ at: number, callback: () => void, handle: symbol }> = []
  return {
    now: () => new Date(now),
    setTimeout: (callback, ms) => {
      const handle = Symbol('timer')
      timers.push({ at: now + ms, callback, handle })
      return handle
    },
    clearTimeout: (handle) => { timers = timers.filter((timer) => timer.handle !== handle) },
    advanceTo: (time) => {
      now = time.getTime()
      const due = timers.filter((timer) => timer.at <= now)
      timers = timers.filter((timer) => timer.at > now)
      for (const timer of due) timer.callback()
    },
    get pending () {
      return timers.length
    }
  }
}

/** A TCP port nothing listens on now, for a server a test starts as a separate process. */
export async function freePort (host = 'localhost'): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * Stops a child process (feedwright finishes its requests and saves its cache; nginx shuts down
 * fast) and waits until it has exited, killing it if it takes more than 10 s.
 */
export async function stopChild (child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/** Waits until a `feedwright serve` child listens and watches the files; `log` returns its log so far (JSON lines). */
export async function listeningAddress (child: { readonly stdout: Readable, once: (event: 'exit', listener: (code: number | null) => void) => unknown }): Promise<{ address: string, log: () => string }> {
  let log = ''
  child.stdout.on('data', (chunk: Buffer) => { log += chunk.toString() })
  const address = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      // "serving" is logged once the server listens and watches the files.
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(log)
      if (match !== null && log.includes('"msg":"serving ')) resolve(match[1]!)
    })
    child.once('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${log}`)))
  })
  return { address, log: () => log }
}

/** Reads until `done` says so or `timeoutMs` has passed, and returns what it read last. */
export async function pollUntil<T> (read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (done(value) || Date.now() > deadline) return value
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
