import { execFileSync } from 'node:child_process'

/** Command prefixes that run the servers and the load generator each on a core of its own. */
export interface Pinning {
  readonly server: readonly string[]
  readonly load: readonly string[]
  /** What was done, for the report: which cores, or why nothing was pinned. */
  readonly description: string
}

/**
 * Pins with taskset (util-linux) to the first two cores this process may use. Sharing one core,
 * the server and wrk would take turns, and the ratio would measure the scheduler as much as the
 * server; unpinned, the kernel may still put them together. Without taskset or a second core the
 * benchmark still runs, unpinned, and says so.
 */
export function choosePinning (): Pinning {
  let listed: string
  try {
    listed = execFileSync('taskset', ['--cpu-list', '--pid', String(process.pid)], { encoding: 'utf8' })
  } catch (error) {
    return unpinned(`taskset is not available (${error instanceof Error ? error.message.split('\n')[0] : String(error)}; on Debian: apt-get install util-linux)`)
  }
  // "pid 123's current affinity list: 0,1" or "0-3,6".
  const allowed = parseCpuList(listed.slice(listed.lastIndexOf(':') + 1).trim())
  const [server, load] = allowed
  if (server === undefined || load === undefined) return unpinned(`only core ${allowed.join(',')} is available`)
  return {
    server: ['taskset', '--cpu-list', String(server)],
    load: ['taskset', '--cpu-list', String(load)],
    description: `servers pinned to core ${server}, wrk to core ${load} (taskset)`
  }
}

function unpinned (why: string): Pinning {
  return { server: [], load: [], description: `NOT pinned: ${why}; the servers and wrk share whatever cores the kernel gives them` }
}

function parseCpuList (list: string): number[] {
  return list.split(',').flatMap((part) => {
    const [first, last = first] = part.split('-').map(Number)
    if (first === undefined || last === undefined || !Number.isInteger(first) || !Number.isInteger(last)) throw new Error(`cannot read the CPU list "${list}"`)
    return Array.from({ length: last - first + 1 }, (_, index) => first + index)
  })
}
