import { watch, type FSWatcher } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import type { ChangedPaths } from '../content/changed-paths.ts'
import { systemClock, type Clock } from './clock.ts'

export interface WatchOptions {
  /** Quiet time after the last change before the burst counts as over. */
  readonly quietMs?: number
  /** A burst that never goes quiet (a long copy) still triggers after this long. */
  readonly maxWaitMs?: number
  readonly clock?: Clock
  readonly onError?: (error: Error) => void
}

export interface Watcher {
  /** Resolves once every folder is watched: changes made after it are never missed. */
  readonly ready: Promise<void>
  close (): void
}

/**
 * Calls `onBurst` once after each burst of changes under the folders, with the paths of the files
 * and folders that changed: an editor saving several files, or a `git pull`, gives one call
 * shortly after it ends. When the system does not say which entry changed, or a watch fails, the
 * paths are undefined: anything may have changed.
 *
 * Folders are watched, not files: a watch on a file follows its inode, so an editor that saves by
 * writing a new file and renaming it over the old one (vim, many IDEs, `sed -i`, `git checkout`)
 * would leave it watching a file that no longer exists. A folder's watch reports every entry
 * created, changed, renamed or removed in it. Every folder below is watched on its own, and the
 * list is made again after each burst, so folders created later, or deleted and created again,
 * are watched too. (The live publisher also compares what it loaded with the disk after every
 * publish, so an event the operating system drops cannot lose an edit either.)
 */
export function watchFolders (folders: readonly string[], onBurst: (changed: ChangedPaths) => void, options: WatchOptions = {}): Watcher {
  const { quietMs = 300, maxWaitMs = 3000, clock = systemClock, onError = () => {} } = options
  let quietTimer: unknown
  let maxTimer: unknown
  let closed = false
  const watchers: FSWatcher[] = []
  // What this burst changed so far; undefined once anything may have.
  let burst: Set<string> | undefined = new Set()
  const fire = (): void => {
    clock.clearTimeout(quietTimer)
    clock.clearTimeout(maxTimer)
    quietTimer = undefined
    maxTimer = undefined
    const changed = burst
    burst = new Set()
    rewatch().then(() => { if (!closed) onBurst(changed) }, onError)
  }
  const changedIn = (folder: string) => (_event: string, name: string | Buffer | null): void => {
    if (name === null || name === undefined) burst = undefined
    else burst?.add(path.resolve(folder, name.toString()))
    changed()
  }
  const lost = (): void => {
    burst = undefined
    changed()
  }
  const changed = (): void => {
    clock.clearTimeout(quietTimer)
    quietTimer = clock.setTimeout(fire, quietMs)
    maxTimer ??= clock.setTimeout(fire, maxWaitMs)
  }
  // Made anew after every burst: a folder deleted and created again under the same name is a new
  // folder (perhaps with the old one's inode number), and its old watch has gone silent. Nothing is
  // lost between closing and watching again: the publish that follows reads everything after it.
  const rewatch = async (): Promise<void> => {
    const now = (await Promise.all(folders.map(listFolders))).flat()
    if (closed) return
    for (const watcher of watchers.splice(0)) watcher.close()
    for (const folder of now) {
      try {
        watchers.push(watch(folder, changedIn(folder)).on('error', lost))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(error as Error)
      }
    }
  }
  return {
    ready: rewatch().catch(onError),
    close: () => {
      closed = true
      for (const watcher of watchers.splice(0)) watcher.close()
      clock.clearTimeout(quietTimer)
      clock.clearTimeout(maxTimer)
    }
  }
}

/** `root` and every folder below it (following no symbolic links); nothing when it does not exist. */
async function listFolders (root: string): Promise<string[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true }).catch(() => undefined)
  if (entries === undefined) return []
  return [root, ...entries.filter((entry) => entry.isDirectory()).map((entry) => path.join(entry.parentPath ?? entry.path, entry.name))]
}
