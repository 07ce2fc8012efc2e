import type { LoadCache } from '../content/load-cache.ts'
import type { Loaded, PublicationOptions } from '../content/load-publication.ts'
import { ContentError, formatProblem, type Problem } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { changedFeeds, type PublishedFile } from '../publish/publish.ts'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { LONGEST_TIMER_MS, systemClock, type Clock } from './clock.ts'
import { loadSnapshot } from './load-snapshot.ts'
import { watchFolders, type WatchOptions, type Watcher } from './watch-folders.ts'

/** What one reload did. */
export type ReloadOutcome =
  | { readonly status: 'published', readonly version: string, readonly changedFeeds: readonly PublishedFile[], readonly reread: Readonly<Record<string, number>> }
  | { readonly status: 'unchanged', readonly version: string }
  | { readonly status: 'broken', readonly problems: readonly string[] }

export interface LivePublisherOptions {
  readonly publication: PublicationOptions
  readonly store: SnapshotStore
  readonly log: Logger
  readonly cache: LoadCache
  readonly clock?: Clock
  /** Called with the feeds whose bytes a publish changed (never with an empty list). */
  readonly onFeedsChanged?: (feeds: readonly PublishedFile[]) => void
  /** Called with what was loaded each time a new version is swapped in (serve writes published.lock from it). */
  readonly onPublished?: (loaded: Loaded) => void
  /** Called after every reload: lets tests and callers wait for one. */
  readonly onReload?: (outcome: ReloadOutcome) => void
}

export interface LivePublisher {
  /** Loads everything again and swaps it in if valid; concurrent calls share one run plus one follow-up. */
  reload (reason: string): Promise<ReloadOutcome>
  /** Starts watching the content and media folders. */
  watch (options?: Omit<WatchOptions, 'clock'>): void
  /** Publishes again when the next scheduled issue or episode is due. */
  schedule (due: Date | undefined): void
  close (): void
}

/**
 * Keeps the served snapshot in step with the files: reloads after a burst of changes and when a
 * scheduled issue comes due, and never replaces a good version with a broken one.
 */
export function createLivePublisher (options: LivePublisherOptions): LivePublisher {
  const { publication, store, log, cache, clock = systemClock } = options
  let running: Promise<ReloadOutcome> | undefined
  let again = false
  let watcher: Watcher | undefined
  let scheduleTimer: unknown

  const reloadOnce = async (reason: string): Promise<ReloadOutcome> => {
    const before = store.current()
    try {
      const { snapshot, loaded } = await loadSnapshot(publication, { now: clock.now(), cache, previous: before })
      publisher.schedule(loaded.nextScheduled)
      if (loaded.warnings.length > 0) log.warn({ reason, warnings: loaded.warnings.map(formatProblem) }, 'content has warnings')
      if (snapshot.published.version === before.published.version && sameMedia(snapshot.media, before.media)) {
        store.reportHealthy()
        return { status: 'unchanged', version: before.published.version }
      }
      const changed = changedFeeds(before.published, snapshot.published)
      store.replace(snapshot)
      options.onPublished?.(loaded)
      log.info({ reason, version: snapshot.published.version, changedFeeds: changed.map((file) => file.path), reread: loaded.reread }, 'published a new version')
      if (changed.length > 0) options.onFeedsChanged?.(changed)
      return { status: 'published', version: snapshot.published.version, changedFeeds: changed, reread: loaded.reread }
    } catch (error) {
      // A file can vanish between listing and reading it (an editor's save-by-rename, a git
      // checkout): that is a broken moment like any other, and the next change reloads again.
      const problems: Problem[] = error instanceof ContentError
        ? error.problems.filter((problem) => problem.severity === 'error')
        : [{ file: publication.contentDir, message: `could not be read: ${(error as Error).message}`, severity: 'error' }]
      store.reportBroken(problems, clock.now())
      log.error({ reason, problems: problems.map(formatProblem), serving: before.published.version }, 'content on disk is invalid: still serving the last good version')
      return { status: 'broken', problems: problems.map(formatProblem) }
    }
  }

  const publisher: LivePublisher = {
    reload: async (reason) => {
      if (running !== undefined) {
        again = true
        return await running
      }
      running = (async () => {
        let outcome: ReloadOutcome
        do {
          again = false
          outcome = await reloadOnce(reason)
          options.onReload?.(outcome)
        } while (again)
        return outcome
      })().finally(() => { running = undefined })
      return await running
    },
    watch: (watchOptions = {}) => {
      watcher?.close()
      watcher = watchFolders([publication.contentDir, publication.mediaDir], () => {
        publisher.reload('files changed').catch((error: Error) => log.error({ err: error }, 'reload failed'))
      }, { ...watchOptions, clock, onError: (error) => log.warn({ err: error }, 'watching the content stopped working') })
    },
    schedule: (due) => {
      clock.clearTimeout(scheduleTimer)
      scheduleTimer = undefined
      if (due === undefined) return
      const wait = Math.min(Math.max(0, due.getTime() - clock.now().getTime()), LONGEST_TIMER_MS)
      scheduleTimer = clock.setTimeout(() => {
        publisher.reload(`scheduled for ${due.toISOString()}`).catch((error: Error) => log.error({ err: error }, 'scheduled reload failed'))
      }, wait)
    },
    close: () => {
      watcher?.close()
      clock.clearTimeout(scheduleTimer)
    }
  }
  return publisher
}

function sameMedia (a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  return a.size === b.size && [...a].every(([path, entry]) => b.get(path) === entry)
}
