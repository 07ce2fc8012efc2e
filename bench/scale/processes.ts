import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** How long a command ran and the most memory it held. */
export interface RunResult {
  readonly seconds: number
  /** Peak resident memory in MB (VmHWM: the process and all its threads). */
  readonly peakMb: number
  readonly output: string
}

const SAMPLE_MS = 25

/**
 * Runs a command to its end, sampling its peak resident memory from /proc. VmHWM only grows, so
 * sampling misses at most the growth of the last few milliseconds.
 */
export async function runMeasured (command: string, args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const started = performance.now()
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  let peakKb = 0
  const sampler = setInterval(() => { peakKb = Math.max(peakKb, memoryOf(child.pid, 'VmHWM')) }, SAMPLE_MS)
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearInterval(sampler)
  const seconds = (performance.now() - started) / 1000
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`)
  return { seconds, peakMb: peakKb / 1024, output }
}

/** A process's memory figure from /proc/PID/status, in KB; 0 once it has gone. */
export function memoryOf (pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  if (pid === undefined) return 0
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match === null ? 0 : Number(match[1])
  } catch {
    return 0
  }
}
