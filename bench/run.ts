import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, rmSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { makePublication } from './make-publication.ts'
import { choosePinning, type Pinning } from './pin.ts'
import { FEED_PATH, SCENARIOS, type Scenario } from './scenarios.ts'
import type { BenchMessage, ServersMessage } from './servers.ts'
import { runWrk, WRK, wrkProblems } from './wrk.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const CONNECTIONS = 50
// wrk runs on one core: a second thread there would only take turns with the first.
const THREADS = 1
const WARMUP_SECONDS = 1
const READY_TIMEOUT_MS = 60_000
// Vary per connection or per moment, not per server: everything else must be byte for byte equal.
const HEADERS_ALLOWED_TO_DIFFER = new Set(['date', 'connection', 'keep-alive'])
// Below this share of its core the server was waiting, not working: something else set the pace.
const SERVER_BOUND_CPU = 0.8
// wrk reports bytes read rounded to three or four digits, and counts the responses still in flight
// at the end; a wrong answer (a 200 instead of a 304, another encoding) is off by far more.
const BYTES_PER_RESPONSE_TOLERANCE = 0.05

type ServerName = 'feedwright' | 'bare'
const SERVERS: readonly ServerName[] = ['feedwright', 'bare']

interface Measurement {
  readonly requestsPerSecond: number
  /** CPU time of the servers' process over the run, as a share of one core. */
  readonly serverCpu: number
}

interface Response {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
  /** Status line, headers and body, as they came over the wire (without chunking, which neither server uses). */
  readonly wireBytes: number
}

/** What the scenarios need to know once both servers have been checked. */
interface Checked {
  readonly etag: string
  /** The wire size of each scenario's response, by scenario name. */
  readonly responseBytes: ReadonlyMap<string, number>
}

/**
 * Measures feedwright against a bare node:http server sending the same bytes, with wrk on loopback.
 * Exits 0 whatever the ratios are: a benchmark reports. It exits 1 only when it could not measure
 * what it claims to: a server answering differently from the other, or a wrk run with errors.
 */
async function main (): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '5' }, only: { type: 'string' } } })
  const rounds = positiveInteger('--rounds', values.rounds)
  const seconds = positiveInteger('--seconds', values.seconds)
  // --only "feed 304": one scenario, for more rounds of it in the same time.
  const scenarios = values.only === undefined ? SCENARIOS : SCENARIOS.filter(({ name }) => name === values.only)
  if (scenarios.length === 0) throw new Error(`bench: --only: no scenario is called "${values.only}" (${SCENARIOS.map(({ name }) => name).join(', ')})`)
  if (!existsSync(WRK)) throw new Error(`bench: ${WRK} is missing; on Debian or Ubuntu: apt-get install wrk`)
  const pinning = choosePinning()
  process.stdout.write(`${pinning.description}\n`)

  const publication = await makePublication(ROOT)
  let servers: ChildProcess | undefined
  const cleanUp = (): void => {
    servers?.kill()
    rmSync(publication.dir, { recursive: true, force: true })
  }
  // Past this, something hangs: publishing takes seconds, and each run its duration and a warm-up.
  const deadlineMs = 120_000 + rounds * scenarios.length * SERVERS.length * (seconds + WARMUP_SECONDS + 5) * 1000
  const deadline = setTimeout(() => {
    process.stderr.write(`bench: still running after ${deadlineMs / 1000} s; stopping\n`)
    cleanUp()
    process.exit(1)
  }, deadlineMs)
  deadline.unref()

  try {
    const [command, ...args] = [...pinning.server, process.execPath, '--import', 'tsx', path.join(ROOT, 'bench', 'servers.ts'), publication.dir]
    servers = spawn(command!, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
    const ports = await readyPorts(servers)
    const checked = await checkServers(ports)

    const measured = new Map<string, Record<ServerName, Measurement[]>>(scenarios.map(({ name }) => [name, { feedwright: [], bare: [] }]))
    for (let round = 0; round < rounds; round++) {
      for (const [index, scenario] of scenarios.entries()) {
        // Servers take turns run by run, and which goes first changes every time, so neither is
        // always the one measured right after the other (or in a quieter moment of the machine).
        const order = (round + index) % 2 === 0 ? SERVERS : [...SERVERS].reverse()
        for (const server of order) {
          const measurement = await measure(servers, pinning, ports[server], server, scenario, checked, seconds)
          measured.get(scenario.name)![server].push(measurement)
          process.stdout.write(`round ${round + 1}/${rounds}  ${scenario.name.padEnd(18)} ${server.padEnd(10)} ${measurement.requestsPerSecond.toFixed(0).padStart(7)} req/s  server CPU ${percent(measurement.serverCpu)}\n`)
        }
      }
    }
    printResults(scenarios, measured, { rounds, seconds, pinning })
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
 */
async function checkServers (ports: Record<ServerName, number>): Promise<Checked> {
  const feed = await get(ports.feedwright, FEED_PATH, { 'accept-encoding': 'identity' })
  const etag = feed.headers.etag
  if (feed.status !== 200 || etag === undefined) throw new Error(`bench: GET ${FEED_PATH} answered ${feed.status} without an ETag`)
  if (feed.body.length < 150_000) process.stdout.write(`bench: ${FEED_PATH} is smaller than the 150 KB this benchmark is meant for\n`)

  const responseBytes = new Map<string, number>()
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
    responseBytes.set(scenario.name, answers.feedwright.wireBytes)
    process.stdout.write(`checked ${scenario.name}: both servers answer ${scenario.status}, ${kilobytes(answers.feedwright.body.length)} body, same headers\n`)
  }
  return { etag, responseBytes }
}

/**
 * One warm-up run, then the measured one. Fails unless both were clean and the measured one read
 * about the expected bytes per response: wrk counts a 304 or a 206 as success like a 200, so the
 * size is what shows every response was the one checked.
 */
async function measure (servers: ChildProcess, pinning: Pinning, port: number, server: ServerName, scenario: Scenario, checked: Checked, seconds: number): Promise<Measurement> {
  const options = { url: `http://127.0.0.1:${port}${scenario.path}`, headers: scenario.headers(checked.etag), connections: CONNECTIONS, threads: THREADS, pin: pinning.load }
  const fail = (problems: string[], output: string): never => {
    throw new Error(`bench: ${scenario.name} against ${server}: not a measurement: ${problems.join('; ')}\n${output}`)
  }
  const warmUp = await runWrk({ ...options, seconds: WARMUP_SECONDS })
  if (wrkProblems(warmUp).length > 0) fail(wrkProblems(warmUp), warmUp.output)

  const before = await serverCpuUsage(servers)
  const started = process.hrtime.bigint()
  const result = await runWrk({ ...options, seconds })
  const elapsedMicros = Number(process.hrtime.bigint() - started) / 1000
  const after = await serverCpuUsage(servers)
  const expected = checked.responseBytes.get(scenario.name)!
  const perResponse = result.bytesRead / result.requests
  const problems = [
    ...wrkProblems(result),
    ...(Math.abs(perResponse / expected - 1) > BYTES_PER_RESPONSE_TOLERANCE ? [`${perResponse.toFixed(0)} bytes read per response, expected about ${expected}`] : [])
  ]
  if (problems.length > 0) fail(problems, result.output)
  return {
    requestsPerSecond: result.requestsPerSecond,
    serverCpu: (after.user + after.system - before.user - before.system) / elapsedMicros
  }
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

function printResults (scenarios: readonly Scenario[], measured: ReadonlyMap<string, Record<ServerName, Measurement[]>>, { rounds, seconds, pinning }: { rounds: number, seconds: number, pinning: Pinning }): void {
  const rows = scenarios.map((scenario) => {
    const { feedwright, bare } = measured.get(scenario.name)!
    const ratio = median(feedwright.map(rate)) / median(bare.map(rate))
    // Each round's own ratio shows how much the machine moved under the figures.
    const roundRatios = feedwright.map((run, round) => rate(run) / rate(bare[round]!))
    return [
      scenario.name,
      median(feedwright.map(rate)).toFixed(0),
      spread(feedwright.map(rate)),
      median(bare.map(rate)).toFixed(0),
      spread(bare.map(rate)),
      ratio.toFixed(2),
      `${Math.min(...roundRatios).toFixed(2)}–${Math.max(...roundRatios).toFixed(2)}`,
      `${scenario.target.toFixed(1)}×`,
      ratio >= scenario.target ? 'met' : 'UNMET',
      `${median(feedwright.map(microsPerRequest)).toFixed(0)} / ${median(bare.map(microsPerRequest)).toFixed(0)}`,
      `${percent(median(feedwright.map(({ serverCpu }) => serverCpu)))} / ${percent(median(bare.map(({ serverCpu }) => serverCpu)))}`
    ]
  })
  process.stdout.write(`\nwrk, ${CONNECTIONS} connections, ${THREADS} thread; ${rounds} rounds of ${seconds} s per server and scenario, each after a ${WARMUP_SECONDS} s warm-up; ` +
    `servers alternating; loopback; ${pinning.description}\n` +
    'req/s: the median of the rounds, then the lowest–highest; ratio: median feedwright / median bare\n\n')
  process.stdout.write(table(
    ['scenario', 'feedwright req/s', '(range)', 'bare req/s', '(range)', 'ratio', 'per round', 'target', '', 'server CPU µs/req fw / bare', 'server core fw / bare'],
    rows
  ))
  const runs = [...measured.values()].flatMap(({ feedwright, bare }) => [...feedwright, ...bare])
  const waiting = runs.filter(({ serverCpu }) => serverCpu < SERVER_BOUND_CPU).length
  if (waiting > 0) {
    process.stdout.write(`\nIn ${waiting} of ${runs.length} runs the servers' process used less than ${percent(SERVER_BOUND_CPU)} of its core: wrk, or another\n` +
      'process on this machine, set the pace there, so those req/s say as much about the machine as about the servers. The\n' +
      'CPU µs per request, and the spread of the per-round ratios, show how far to trust the ratio.\n')
  }
}

function rate ({ requestsPerSecond }: Measurement): number {
  return requestsPerSecond
}

// The servers' CPU cost of one request: it still compares them when something else (wrk, another
// process on the machine) held them below a full core.
function microsPerRequest ({ serverCpu, requestsPerSecond }: Measurement): number {
  return serverCpu * 1e6 / requestsPerSecond
}

function median (numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

function spread (numbers: readonly number[]): string {
  return `${Math.min(...numbers).toFixed(0)}–${Math.max(...numbers).toFixed(0)}`
}

function table (head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
  const line = (cells: readonly string[]): string => cells.map((cell, column) => column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)).join('  ').trimEnd() + '\n'
  return line(head) + line(widths.map((width) => '-'.repeat(width))) + rows.map(line).join('')
}

function headerDifferences (a: IncomingHttpHeaders, b: IncomingHttpHeaders): string[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((name) => !HEADERS_ALLOWED_TO_DIFFER.has(name)).sort()
  return names.filter((name) => String(a[name]) !== String(b[name])).map((name) => `${name}: feedwright ${JSON.stringify(a[name])}, bare ${JSON.stringify(b[name])}`)
}

async function get (port: number, urlPath: string, headers: Record<string, string>): Promise<Response> {
  return await new Promise((resolve, reject) => {
    // A keep-alive agent, as wrk keeps its connections open: the checked headers are then the measured ones.
    const req = request({ host: '127.0.0.1', port, path: urlPath, headers: { connection: 'keep-alive', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        const statusLine = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`
        let headerBytes = 0
        for (let index = 0; index < res.rawHeaders.length; index += 2) headerBytes += `${res.rawHeaders[index]}: ${res.rawHeaders[index + 1]}\r\n`.length
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, wireBytes: statusLine.length + headerBytes + 2 + body.length })
        req.destroy()
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

function positiveInteger (option: string, value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1) throw new Error(`bench: ${option} takes a whole number of at least 1, not "${value}"`)
  return number
}

function sha256 (bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 16)
}

function kilobytes (bytes: number): string {
  return `${(bytes / 1000).toFixed(1)} KB`
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
