import { watch, type FSWatcher } from 'node:fs'
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
  close (): void
}

/**
 * Calls `onBurst` once after each burst of changes under the folders: an editor saving several
 * files, or a `git pull`, gives one call shortly after it ends.
 */
export function watchFolders (folders: readonly string[], onBurst: () => void, options: WatchOptions = {}): Watcher {
  const { quietMs = 300, maxWaitMs = 3000, clock = systemClock, onError = () => {} } = options
  let quietTimer: unknown
  let maxTimer: unknown
  const fire = (): void => {
    clock.clearTimeout(quietTimer)
    clock.clearTimeout(maxTimer)
    quietTimer = undefined
    maxTimer = undefined
    onBurst()
  }
  const changed = (): void => {
    clock.clearTimeout(quietTimer)
    quietTimer = clock.setTimeout(fire, quietMs)
    maxTimer ??= clock.setTimeout(fire, maxWaitMs)
  }
  // Recursive fs.watch works on Linux, macOS and Windows from Node 20 on.
  const watchers: FSWatcher[] = folders.map((folder) => watch(folder, { recursive: true }, changed).on('error', onError))
  return {
    close: () => {
      for (const watcher of watchers) watcher.close()
      clock.clearTimeout(quietTimer)
      clock.clearTimeout(maxTimer)
    }
  }
}
