import { watch, type FSWatcher } from 'node:fs'
import { readdir, stat } from 'node:fs/promises'
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
 * folders are looked for again after each burst, so folders created later, or deleted and created
 * again, are watched too. (The live publisher also compares what it loaded with the disk after
 * every publish, so an event the operating system drops cannot lose an edit either.)
 */
export function watchFolders (folders: readonly string[], onBurst: (changed: ChangedPaths) => void, options: WatchOptions = {}): Watcher {
  const { quietMs = 300, maxWaitMs = 3000, clock = systemClock, onError = () => {} } = options
  let quietTimer: unknown
  let maxTimer: unknown
  let closed = false
  // By folder, with the inode it had when its watch began.
  const watchers = new Map<string, { readonly inode: number, readonly watcher: FSWatcher }>()
  // What this burst changed so far; undefined once anything may have.
  let burst: Set<string> | undefined = new Set()
  const fire = (): void => {
    clock.clearTimeout(quietTimer)
    clock.clearTimeout(maxTimer)
    quietTimer = undefined
    maxTimer = undefined
    const changed = burst
    burst = new Set()
    if (closed) return
    // The burst is published first; the folders are looked for meanwhile (listing ten thousand
    // entries takes a while), and no folder that is still there stops being watched for it.
    onBurst(changed)
    rewatchInTurn(changed)
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
  // A folder deleted and created again under the same name is a new folder, and its old watch has
  // gone silent. Its parent's watch names it, and a new folder mostly has a new inode (not always:
  // the numbers are reused), so either gives it a new watch; so does a burst that names nothing.
  const rewatch = async (named: ChangedPaths = undefined): Promise<void> => {
    const now = new Map((await Promise.all((await Promise.all(folders.map(listFolders))).flat().map(async (folder) => [folder, await inodeOf(folder)] as const)))
      .filter((entry): entry is readonly [string, number] => entry[1] !== undefined))
    if (closed) return
    for (const [folder, { inode, watcher }] of watchers) {
      if (now.get(folder) === inode && named !== undefined && !named.has(path.resolve(folder))) continue
      watcher.close()
      watchers.delete(folder)
    }
    for (const [folder, inode] of now) {
      if (watchers.has(folder)) continue
      try {
        watchers.set(folder, { inode, watcher: watch(folder, changedIn(folder)).on('error', lost) })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(error as Error)
      }
    }
  }
  // One after the other: a listing that finished late must not undo a newer one.
  let rewatching: Promise<void> = Promise.resolve()
  const rewatchInTurn = (named: ChangedPaths): Promise<void> => (rewatching = rewatching.then(async () => await rewatch(named)).catch(onError))
  return {
    ready: rewatchInTurn(undefined),
    close: () => {
      closed = true
      for (const { watcher } of watchers.values()) watcher.close()
      watchers.clear()
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

async function inodeOf (folder: string): Promise<number | undefined> {
  return await stat(folder).then((stats) => stats.ino, () => undefined)
}
