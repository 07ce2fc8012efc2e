import { execFile } from 'node:child_process'

/** One wrk run: what to ask, how hard, and on which core (through taskset) wrk runs. */
export interface WrkOptions {
  readonly url: string
  readonly headers: Readonly<Record<string, string>>
  readonly connections: number
  readonly threads: number
  readonly seconds: number
  /** The command and arguments that run wrk on its own core, such as ['taskset', '-c', '1']; empty runs it unpinned. */
  readonly pin: readonly string[]
}

/** What wrk printed, as numbers. */
export interface WrkResult {
  readonly requests: number
  readonly seconds: number
  readonly requestsPerSecond: number
  /** Response bytes read, headers included; wrk prints it rounded to three or four digits. */
  readonly bytesRead: number
  readonly socketErrors: { readonly connect: number, readonly read: number, readonly write: number, readonly timeout: number }
  /** Responses with a status of 400 or more: wrk counts 3xx (a 304, a 206) as success. */
  readonly errorResponses: number
  /** The text itself, for the error message when a run is not a measurement. */
  readonly output: string
}

export const WRK = '/usr/bin/wrk'

export async function runWrk ({ url, headers, connections, threads, seconds, pin }: WrkOptions): Promise<WrkResult> {
  const [command, ...args] = [
    ...pin,
    WRK,
    `--threads=${threads}`,
    `--connections=${connections}`,
    `--duration=${seconds}s`,
    ...Object.entries(headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    url
  ]
  const output = await new Promise<string>((resolve, reject) => {
    execFile(command, args, { timeout: (seconds + 30) * 1000 }, (error, stdout, stderr) => {
      if (error !== null) reject(new Error(`bench: ${command} ${args.join(' ')} failed: ${error.message}\n${stdout}${stderr}`))
      else resolve(stdout)
    })
  })
  return parseWrkOutput(output)
}

/**
 * Reads wrk 4's summary (src/wrk.c: print_stats and friends). The socket error and non-2xx/3xx
 * lines appear only when there are some, so their absence means zero; every other line must be
 * there, or this is not the wrk it was written for and nothing it prints can be trusted.
 */
export function parseWrkOutput (output: string): WrkResult {
  const summary = /^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)([KMGTP]?)B read$/m.exec(output)
  const rate = /^Requests\/sec:\s+([\d.]+)$/m.exec(output)
  if (summary === null || rate === null) throw new Error(`bench: wrk printed something this benchmark cannot read:\n${output}`)
  const socket = /^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)$/m.exec(output)
  const errorResponses = /^\s*Non-2xx or 3xx responses: (\d+)$/m.exec(output)
  return {
    requests: Number(summary[1]),
    seconds: Number(summary[2]) * TIME_UNITS[summary[3]!]!,
    requestsPerSecond: Number(rate[1]),
    bytesRead: Number(summary[4]) * 1024 ** BINARY_PREFIXES.indexOf(summary[5]!),
    socketErrors: {
      connect: Number(socket?.[1] ?? 0),
      read: Number(socket?.[2] ?? 0),
      write: Number(socket?.[3] ?? 0),
      timeout: Number(socket?.[4] ?? 0)
    },
    errorResponses: Number(errorResponses?.[1] ?? 0),
    output
  }
}

// wrk's units (src/units.c): times by 1000 and 60, bytes by 1024.
const TIME_UNITS: Readonly<Record<string, number>> = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 }
const BINARY_PREFIXES = ['', 'K', 'M', 'G', 'T', 'P']

/** Why a run is not a measurement, or nothing when it is one. */
export function wrkProblems (result: WrkResult): string[] {
  const { connect, read, write, timeout } = result.socketErrors
  return [
    ...(result.requests === 0 ? ['no request completed'] : []),
    ...(connect + read + write + timeout > 0 ? [`socket errors: connect ${connect}, read ${read}, write ${write}, timeout ${timeout}`] : []),
    ...(result.errorResponses > 0 ? [`${result.errorResponses} responses with a status of 400 or more`] : [])
  ]
}
