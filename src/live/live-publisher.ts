import { changedPaths, type ChangedPaths } from '../content/changed-paths.ts'
import type { PublicationOptions } from '../content/load-publication.ts'
import { formatProblem } from '../errors.ts'
import type { Logger } from '../logger.ts'
import { indexMedia, type MediaEntry } from '../publish/media-index.ts'
import { changedFeeds, type Published, type PublishedFile } from '../publish/publish.ts'
import type { Snapshot, SnapshotStore } from '../publish/snapshot.ts'
import { LONGEST_TIMER_MS, systemClock, type Clock } from './clock.ts'
import type { ContentPublisher, PublishedOutcome } from './content-publisher.ts'
import { watchFolders, type WatchOptions, type Watcher } from './watch-folders.ts'

/** What one reload did. */
export type ReloadOutcome =
  | { readonly status: 'published', readonly version: string, readonly changedFeeds: readonly PublishedFile[], readonly reread: Readonly<Record<string, number>> }
  | { readonly status: 'unchanged', readonly version: string }
  | { readonly status: 'broken', readonly problems: readonly string[] }

export interface LivePublisherOptions {
  readonly publication: PublicationOptions
  /** Loads and renders; `serve` passes one running in a worker thread. */
  readonly publisher: ContentPublisher
  readonly store: SnapshotStore
  readonly log: Logger
  readonly clock?: Clock
  /** Called with the feeds whose bytes a publish changed (never with an empty list). */
  readonly onFeedsChanged?: (feeds: readonly PublishedFile[]) => void
  /** Called after every reload: lets tests and callers wait for one. */
  readonly onReload?: (outcome: ReloadOutcome) => void
  /** Called when the files a reload left uncompressed are served compressed as hard as they deserve. */
  readonly onRefined?: (version: string) => void
}

// A reload serves the feeds and pages it changed uncompressed; once no reload has started for this
// long, they are compressed as hard as they deserve. Waiting lets a burst of edits (a publisher
// saving again and again) publish each as fast as it can, instead of each waiting for the last
// one's brotli 11.
const REFINE_AFTER_QUIET_MS = 1000

// A reload that fails for another reason than the content (the publishing thread died, the media
// folder could not be read) is tried again, soon at first, then less and less often: the server
// must not go on serving an old version until the next edit happens to come, nor spin.
const RETRY_FIRST_MS = 1000
const RETRY_MOST_MS = 5 * 60_000

export interface LivePublisher {
  /**
   * Publishes again and swaps the result in if valid; concurrent calls share one run plus one
   * follow-up. `changed` names what changed on disk, when the caller knows; without it, everything
   * is read again.
   */
  reload (reason: string, changed?: ChangedPaths): Promise<ReloadOutcome>
  /** Starts watching the content and media folders; resolves once they are watched. */
  watch (options?: Omit<WatchOptions, 'clock'>): Promise<void>
  /** Publishes again when the next scheduled issue or episode is due. */
  schedule (due: Date | undefined): void
  close (): void
}

/**
 * The first snapshot of a server: publishes once and indexes the media. Returns the outcome as it
 * is when the content is invalid, so the caller can say why it does not serve. With `early`, a
 * first start hands it a partial snapshot (the hot outputs only) as soon as the content is
 * validated and they are rendered, to serve while the rest is.
 */
export async function publishFirstSnapshot (publisher: ContentPublisher, options: PublicationOptions, now: Date, early?: (snapshot: Snapshot) => void): Promise<{ outcome: PublishedOutcome, snapshot: Snapshot } | { outcome: Exclude<Awaited<ReturnType<ContentPublisher['publish']>>, PublishedOutcome>, snapshot?: undefined }> {
  let partial: Promise<Snapshot> | undefined
  const outcome = await publisher.publish(now, undefined, early === undefined
    ? undefined
    : (published) => {
        partial = snapshotOf(published, options.mediaDir, now).then((snapshot) => ({ ...snapshot, partial: true }))
        partial.then(early, () => {})
      })
  if (!outcome.ok) return { outcome }
  // A first start serves final bytes only, as `build` writes them: a replica then never answers a
  // client that asks for gzip with bytes the static build would not send. A first publish with
  // nothing recorded compresses in the same pass (see ContentPublisher.publish); one that starts
  // from a record whose bytes are gone compresses what it changed now.
  const published = await publisher.refine() ?? outcome.published
  const media = (await partial?.catch(() => undefined))?.media
  return { outcome: { ...outcome, published }, snapshot: await snapshotOf(published, options.mediaDir, now, media) }
}

/**
 * Keeps the served snapshot in step with the files: publishes again after a burst of changes and
 * when a scheduled issue comes due, tries a reload that failed again, and never replaces a good
 * version with a broken one. After every publish it compares what was read with what is on disk
 * now, and publishes again if anything moved in between, so no edit is missed whatever the file
 * watcher reported.
 */
export function createLivePublisher (options: LivePublisherOptions): LivePublisher {
  const { publication, publisher, store, log, clock = systemClock } = options
  let running: Promise<ReloadOutcome> | undefined
  let again = false
  let watcher: Watcher | undefined
  let scheduleTimer: unknown
  let retryTimer: unknown
  let retryAfterMs = RETRY_FIRST_MS
  let closed = false
  // What changed since the last publish started, gathered from every reload asked for meanwhile.
  let pending: Set<string> | undefined = new Set()
  const note = (changed: ChangedPaths): void => {
    if (changed === undefined) pending = undefined
    else for (const file of changed) pending?.add(file)
  }
  const takePending = (): ChangedPaths => {
    const changed = pending
    pending = new Set()
    return changed
  }

  const reloadOnce = async (reason: string): Promise<ReloadOutcome> => {
    const before = store.current()
    // media/ is indexed while the publishing thread works, with the types the served version
    // gives its media: a publish changes them only when what an episode names changed, and then
    // media/ is indexed again. Indexed after the publish, it kept each edit waiting 9–54 ms
    // (201 files at 10,000 issues, their stats queued on the thread pool behind compression).
    const indexing = indexMedia(publication.mediaDir, before.published.summary.mediaTypes, { previous: before.media })
    indexing.catch(() => {})
    const outcome = await publisher.publish(clock.now(), takePending())
    compareWithDisk()
    if (!outcome.ok) {
      store.reportBroken(outcome.problems, clock.now())
      const problems = outcome.problems.map(formatProblem)
      log.error({ reason, problems, serving: before.published.version }, 'content on disk is invalid: still serving the last good version')
      return { status: 'broken', problems }
    }
    live.schedule(outcome.nextScheduled)
    if (outcome.warnings.length > 0) log.warn({ reason, warnings: outcome.warnings.map(formatProblem) }, 'content has warnings')
    const sameTypes = sameMediaTypes(outcome.published.summary.mediaTypes, before.published.summary.mediaTypes)
    const snapshot = await snapshotOf(outcome.published, publication.mediaDir, clock.now(), before.media, sameTypes ? indexing : undefined)
    if (snapshot.published.version === before.published.version && sameMedia(snapshot.media, before.media)) {
      store.reportHealthy()
      return { status: 'unchanged', version: before.published.version }
    }
    const changed = changedFeeds(before.published, snapshot.published)
    store.replace(snapshot)
    log.info({ reason, version: snapshot.published.version, changedFeeds: changed.map((file) => file.path), reread: outcome.reread }, 'published a new version')
    if (changed.length > 0) options.onFeedsChanged?.(changed)
    return { status: 'published', version: snapshot.published.version, changedFeeds: changed, reread: outcome.reread }
  }

  // The same version, with gzip and br for the files a reload left uncompressed. It does not start
  // during a reload, and a reload does not wait for it: an edit made while the main feeds get their
  // brotli 11 is published at once, and what was compressed for the version before is dropped.
  let refineTimer: unknown
  const refineServed = async (): Promise<void> => {
    const refined = await publisher.refine()
    const current = store.current()
    if (refined === undefined || refined.version !== current.published.version || store.broken() !== undefined) return
    store.replace({ ...current, published: refined })
    log.info({ version: refined.version, files: [...refined.files.values()].filter((file) => current.published.files.get(file.path) !== file).map((file) => file.path) }, 'compressed the files served uncompressed since the last reload as hard as they deserve')
    options.onRefined?.(refined.version)
  }
  const refineWhenQuiet = (): void => {
    clock.clearTimeout(refineTimer)
    refineTimer = clock.setTimeout(() => {
      refineTimer = undefined
      // A reload running now schedules another refine when it ends.
      if (running !== undefined || closed) return
      refineServed()
        // A refine cut short by closing is no failure: the next start compresses from the record.
        .catch((error: Error) => { if (!closed) log.error({ err: error }, 'compressing the feeds again failed') })
    }, REFINE_AFTER_QUIET_MS)
  }

  // Whatever changed on disk while a publish was reading (or that the watcher did not name) is
  // published by another one. Runs beside whatever comes next; a failure is logged.
  const compareWithDisk = (): void => {
    publisher.changedSinceRead().then((moved) => {
      if (moved.length === 0 || closed) return
      log.info({ files: moved.slice(0, 10) }, 'files changed while publishing: publishing again')
      reloadInBackground('files changed while publishing', changedPaths(moved))
    }, (error: Error) => log.warn({ err: error }, 'could not compare the files with what was published'))
  }

  // A reload nobody waits for: its failure is logged (and tried again, see retryLater).
  const reloadInBackground = (reason: string, changed?: ChangedPaths): void => {
    live.reload(reason, changed).catch((error: Error) => log.error({ err: error, reason }, 'reload failed'))
  }

  const retryLater = (): void => {
    if (closed) return
    clock.clearTimeout(retryTimer)
    log.info({ afterMs: retryAfterMs }, 'a reload failed: trying again')
    retryTimer = clock.setTimeout(() => {
      reloadInBackground('trying a failed reload again')
    }, retryAfterMs)
    retryAfterMs = Math.min(retryAfterMs * 2, RETRY_MOST_MS)
  }

  const live: LivePublisher = {
    reload: async (reason, changed) => {
      note(changed)
      if (running !== undefined) {
        again = true
        return await running
      }
      clock.clearTimeout(refineTimer)
      clock.clearTimeout(retryTimer)
      running = (async () => {
        let outcome: ReloadOutcome
        do {
          again = false
          outcome = await reloadOnce(reason)
          options.onReload?.(outcome)
        } while (again)
        return outcome
      })().finally(() => {
        running = undefined
        if (!closed && [...store.current().published.files.values()].some((file) => file.quick !== undefined)) refineWhenQuiet()
      })
      try {
        const outcome = await running
        retryAfterMs = RETRY_FIRST_MS
        return outcome
      } catch (error) {
        // What the failed publish was to read is read again, with everything else.
        pending = undefined
        retryLater()
        throw error
      }
    },
    watch: async (watchOptions = {}) => {
      watcher?.close()
      watcher = watchFolders([publication.contentDir, publication.mediaDir], (changed) => {
        reloadInBackground('files changed', changed)
      }, { ...watchOptions, clock, onError: (error) => log.warn({ err: error }, 'watching the content stopped working') })
      await watcher.ready
      // A reload reads only what the watcher names: whatever changed before it watched is found
      // by comparing the last publish's files with the disk.
      compareWithDisk()
    },
    schedule: (due) => {
      clock.clearTimeout(scheduleTimer)
      scheduleTimer = undefined
      if (due === undefined) return
      const wait = Math.min(Math.max(0, due.getTime() - clock.now().getTime()), LONGEST_TIMER_MS)
      scheduleTimer = clock.setTimeout(() => {
        reloadInBackground(`scheduled for ${due.toISOString()}`)
      }, wait)
    },
    close: () => {
      closed = true
      again = false
      watcher?.close()
      clock.clearTimeout(scheduleTimer)
      clock.clearTimeout(refineTimer)
      clock.clearTimeout(retryTimer)
    }
  }
  return live
}

/**
 * A snapshot of a published version with its media indexed (entries unchanged since `previousMedia`
 * are kept, bytes and all), or with `indexed`: media/ indexed already with the same types.
 */
export async function snapshotOf (published: Published, mediaDir: string, since: Date, previousMedia?: ReadonlyMap<string, MediaEntry>, indexed?: Promise<ReadonlyMap<string, MediaEntry>>): Promise<Snapshot> {
  const index = async (): Promise<ReadonlyMap<string, MediaEntry>> => await indexMedia(mediaDir, published.summary.mediaTypes, { previous: previousMedia })
  // Indexed while media/ was changing (a folder renamed away and back): indexed again.
  return { published, media: await (indexed === undefined ? index() : indexed.catch(index)), since }
}

function sameMediaTypes (a: Published['summary']['mediaTypes'], b: Published['summary']['mediaTypes']): boolean {
  return a.length === b.length && a.every(([path, type], index) => b[index]![0] === path && b[index]![1] === type)
}

function sameMedia (a: ReadonlyMap<string, unknown>, b: ReadonlyMap<string, unknown>): boolean {
  return a.size === b.size && [...a].every(([path, entry]) => b.get(path) === entry)
}
