import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { rmSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import autocannon, { type Result } from 'autocannon'
import { makePublication } from './make-publication.ts'
import { FEED_PATH, SCENARIOS, type Scenario } from './scenarios.ts'
import type { BenchMessage, ServersMessage } from './servers.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CONNECTIONS = 20
const WARMUP_SECONDS = 1
const MEASURE_SECONDS = 5
// 4 scenarios × 2 servers × 6 s is 48 s; publishing takes a few more. Past this, something hangs.
const DEADLINE_MS = 150_000
const READY_TIMEOUT_MS = 60_000
// Vary per connection or per moment, not per server: everything else must be byte for byte equal.
const HEADERS_ALLOWED_TO_DIFFER = new Set(['date', 'connection', 'keep-alive'])
// autocannon runs on one thread: near a full core, it and not the server sets the pace.
const LOAD_BOUND_CPU = 0.85

type ServerName = 'feedwright' | 'bare'

interface Measurement {
  readonly requestsPerSecond: number
  readonly bytesPerSecond: number
  /** CPU time of the servers' process over the measured run, as a share of one core. */
  readonly serverCpu: number
  /** CPU time of this process (autocannon) over the measured run, as a share of one core. */
  readonly loadCpu: number
}

interface Response {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

/**
 * Measures feedwright against a bare node:http server sending the same bytes, on loopback.
 * Exits 0 whatever the ratios are: a benchmark reports. It exits 1 only when it could not measure
 * what it claims to, such as a server answering with an unexpected status.
 */
async function main (): Promise<void> {
  const publication = await makePublication(ROOT)
  let servers: ChildProcess | undefined
  const cleanUp = (): void => {
    servers?.kill()
    rmSync(publication.dir, { recursive: true, force: true })
  }
  const deadline = setTimeout(() => {
    process.stderr.write(`bench: still running after ${DEADLINE_MS / 1000} s; stopping\n`)
    cleanUp()
    process.exit(1)
  }, DEADLINE_MS)
  deadline.unref()

  try {
    servers = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench', 'servers.ts'), publication.dir], {
      cwd: ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc']
    })
    const ports = await readyPorts(servers)
    const etag = await checkServers(ports)

    const results: Array<{ scenario: Scenario, feedwright: Measurement, bare: Measurement }> = []
    for (const [index, scenario] of SCENARIOS.entries()) {
      const headers = scenario.headers(etag)
      // Whichever server goes first in a scenario measured slower in trial runs; taking turns spreads that.
      const order: ServerName[] = index % 2 === 0 ? ['feedwright', 'bare'] : ['bare', 'feedwright']
      const measured: Partial<Record<ServerName, Measurement>> = {}
      for (const server of order) measured[server] = await measure(servers, ports[server], scenario, headers)
      results.push({ scenario, feedwright: measured.feedwright!, bare: measured.bare! })
    }
    printResults(results)
  } finally {
    clearTimeout(deadline)
    cleanUp()
  }
}

async function readyPorts (servers: ChildProcess): Promise<Record<ServerName, number>> {
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`bench: the servers did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS)
    servers.once('exit', (code) => reject(new Error(`bench: the servers' process exited with code ${code} before it was ready`)))
    servers.on('message', (message: ServersMessage) => {
      if (message.type !== 'ready') return
      clearTimeout(timer)
      resolve({ feedwright: message.feedwright, bare: message.bare })
    })
  })
}

/**
 * Asks both servers each scenario once and fails unless they answer with the expected status and
 * the same body and headers: a ceiling that did less than feedwright would make every ratio a lie.
 * Returns the identity ETag of the feed, which the 304 scenario sends back.
 */
async function checkServers (ports: Record<ServerName, number>): Promise<string> {
  const feed = await get(ports.feedwright, FEED_PATH, { 'accept-encoding': 'identity' })
  const etag = feed.headers.etag
  if (feed.status !== 200 || etag === undefined) throw new Error(`bench: GET ${FEED_PATH} answered ${feed.status} without an ETag`)
  const br = await get(ports.feedwright, FEED_PATH, { 'accept-encoding': 'br' })
  process.stdout.write(`${FEED_PATH}: ${kilobytes(feed.body.length)} identity, ${kilobytes(br.body.length)} br\n`)
  if (feed.body.length < 150_000) process.stdout.write(`bench: ${FEED_PATH} is smaller than the 150 KB this benchmark is meant for\n`)

  for (const scenario of SCENARIOS) {
    const headers = scenario.headers(etag)
    const answers = { feedwright: await get(ports.feedwright, scenario.path, headers), bare: await get(ports.bare, scenario.path, headers) }
    for (const [server, answer] of Object.entries(answers)) {
      if (answer.status !== scenario.status) throw new Error(`bench: ${scenario.name}: ${server} answered ${answer.status}, expected ${scenario.status}`)
    }
    if (!answers.feedwright.body.equals(answers.bare.body)) {
      throw new Error(`bench: ${scenario.name}: the bodies differ (feedwright sha256 ${sha256(answers.feedwright.body)}, bare ${sha256(answers.bare.body)})`)
    }
    const differences = headerDifferences(answers.feedwright.headers, answers.bare.headers)
    if (differences.length > 0) throw new Error(`bench: ${scenario.name}: the headers differ:\n  ${differences.join('\n  ')}`)
  }
  return etag
}

/** One warm-up run, then the measured one; fails unless every response had the expected status. */
async function measure (servers: ChildProcess, port: number, scenario: Scenario, headers: Record<string, string>): Promise<Measurement> {
  const options = { url: `http://127.0.0.1:${port}${scenario.path}`, connections: CONNECTIONS, pipelining: 1, headers }
  checkResult(scenario, port, await autocannon({ ...options, duration: WARMUP_SECONDS }))
  const serverBefore = await serverCpuUsage(servers)
  const loadBefore = process.cpuUsage()
  const started = process.hrtime.bigint()
  const result = await autocannon({ ...options, duration: MEASURE_SECONDS })
  const elapsedMicros = Number(process.hrtime.bigint() - started) / 1000
  const serverAfter = await serverCpuUsage(servers)
  const load = process.cpuUsage(loadBefore)
  checkResult(scenario, port, result)
  return {
    requestsPerSecond: result.requests.average,
    bytesPerSecond: result.throughput.average,
    serverCpu: (serverAfter.user + serverAfter.system - serverBefore.user - serverBefore.system) / elapsedMicros,
    loadCpu: (load.user + load.system) / elapsedMicros
  }
}

// autocannon counts a 304 as non-2xx like any error, so the status codes themselves are checked.
function checkResult (scenario: Scenario, port: number, result: Result): void {
  const codes = Object.keys(result.statusCodeStats)
  const problems = [
    ...(codes.length === 1 && codes[0] === String(scenario.status) ? [] : [`status codes ${JSON.stringify(result.statusCodeStats)}, expected only ${scenario.status}`]),
    ...(result.errors > 0 ? [`${result.errors} errors (${result.timeouts} timeouts)`] : []),
    ...(result.totalCompletedRequests === 0 ? ['no request completed'] : [])
  ]
  if (problems.length > 0) throw new Error(`bench: ${scenario.name} on port ${port}: ${problems.join('; ')}`)
}

async function serverCpuUsage (servers: ChildProcess): Promise<NodeJS.CpuUsage> {
  return await new Promise((resolve) => {
    const listen = (message: ServersMessage): void => {
      if (message.type !== 'cpu') return
      servers.off('message', listen)
      resolve(message.usage)
    }
    servers.on('message', listen)
    servers.send({ type: 'cpu' } satisfies BenchMessage)
  })
}

function printResults (results: ReadonlyArray<{ scenario: Scenario, feedwright: Measurement, bare: Measurement }>): void {
  const rows = results.map(({ scenario, feedwright, bare }) => {
    const ratio = feedwright.requestsPerSecond / bare.requestsPerSecond
    return [
      scenario.name,
      feedwright.requestsPerSecond.toFixed(0),
      bare.requestsPerSecond.toFixed(0),
      ratio.toFixed(2),
      `${scenario.target.toFixed(1)}x`,
      ratio >= scenario.target ? 'yes' : 'NO',
      `${microsPerRequest(feedwright)} / ${microsPerRequest(bare)}`,
      `${percent(feedwright.loadCpu)} / ${percent(bare.loadCpu)}`
    ]
  })
  process.stdout.write(`\n${CONNECTIONS} connections, pipelining 1, ${WARMUP_SECONDS} s warm-up then ${MEASURE_SECONDS} s measured, loopback\n\n`)
  process.stdout.write(table(['scenario', 'feedwright req/s', 'bare req/s', 'ratio', 'target', 'met', 'server CPU µs/req fw / bare', 'autocannon CPU fw / bare'], rows))
  const loadBound = results.filter(({ bare }) => bare.loadCpu >= LOAD_BOUND_CPU).map(({ scenario }) => scenario.name)
  if (loadBound.length > 0) {
    process.stdout.write(`\nautocannon used ${percent(LOAD_BOUND_CPU)} or more of a core against the bare server in: ${loadBound.join(', ')}.\n` +
      'There the load generator sets the pace (it parses in JavaScript and decodes every body into a string), so compare the\n' +
      'servers by CPU µs per request instead.\n')
  }
  // Megabytes of 10^6 bytes, response headers included, as autocannon counts them.
  for (const { scenario, feedwright, bare } of results) {
    if (scenario.status !== 206) continue
    process.stdout.write(`\n${scenario.name} throughput: feedwright ${megabytes(feedwright.bytesPerSecond)} MB/s, bare ${megabytes(bare.bytesPerSecond)} MB/s\n`)
  }
}

function table (head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
  const line = (cells: readonly string[]): string => cells.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  ') + '\n'
  return line(head) + line(widths.map((width) => '-'.repeat(width))) + rows.map(line).join('')
}

function headerDifferences (a: IncomingHttpHeaders, b: IncomingHttpHeaders): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => !HEADERS_ALLOWED_TO_DIFFER.has(name)).sort()
  return names.filter((name) => String(a[name]) !== String(b[name])).map((name) => `${name}: feedwright ${JSON.stringify(a[name])}, bare ${JSON.stringify(b[name])}`)
}

async function get (port: number, urlPath: string, headers: Record<string, string>): Promise<Response> {
  return await new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

function sha256 (bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16)
}

function kilobytes (bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`
}

function megabytes (bytesPerSecond: number): string {
  return (bytesPerSecond / 1e6).toFixed(0)
}

// The servers' CPU cost of one request: unlike req/s, it still compares the two servers when the
// load generator, not the server, sets the pace.
function microsPerRequest ({ serverCpu, requestsPerSecond }: Measurement): string {
  return (serverCpu * 1e6 / requestsPerSecond).toFixed(0)
}

function percent (share: number): string {
  return `${(share * 100).toFixed(0)}%`
}

try {
  await main()
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
}
