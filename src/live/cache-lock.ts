import { mkdir, open, readFile, rm } from 'node:fs/promises'
import path from 'node:path'

/** A cache folder held by this process, until released. */
export interface CacheLock {
  release (): Promise<void>
}

/** Another running process holds the folder. */
export interface HeldElsewhere {
  readonly pid: number
  /** The lock file, which can be deleted by hand if that process is not a feedwright after all. */
  readonly file: string
}

/**
 * Takes a cache folder for one `serve`: a server deletes the outputs no version of its own needs,
 * so a second server on the same folder would lose its bytes from under it (and the two would
 * overwrite each other's record). A lock left by a process that is gone (killed, crashed, or this
 * very process id in a restarted container) is taken over.
 */
export async function lockCacheFolder (cacheDir: string): Promise<CacheLock | HeldElsewhere> {
  const file = path.join(cacheDir, 'serve.lock')
  await mkdir(cacheDir, { recursive: true })
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx')
      await handle.writeFile(`${process.pid}\n`)
      await handle.close()
      return { release: async () => { if (await holderOf(file) === process.pid) await rm(file, { force: true }) } }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 3) throw error
    }
    const pid = await holderOf(file)
    if (pid !== undefined && pid !== process.pid && isRunning(pid)) return { pid, file }
    // Gone, or half written by a process that died writing it: no one holds the folder.
    await rm(file, { force: true })
  }
}

async function holderOf (file: string): Promise<number | undefined> {
  const text = await readFile(file, 'utf8').catch(() => '')
  const pid = Number.parseInt(text, 10)
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
}

function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // It exists, but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
