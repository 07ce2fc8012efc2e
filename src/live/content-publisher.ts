import { changedInputs, openLoadCache, type LoadCache } from '../content/load-cache.ts'
import { loadPublication, type PublicationOptions } from '../content/load-publication.ts'
import { ContentError, type Problem } from '../errors.ts'
import type { ChangedPaths } from '../content/changed-paths.ts'
import { displayPath, type ContentReadings } from '../content/content-files.ts'
import { publishedLockPath, writePublishedLock } from '../content/published-lock.ts'
import { createDiskStore } from '../publish/disk-store.ts'
import { createObjectRetention } from './object-retention.ts'
import { readServedRecord, writeServedRecord, type ServedRecord } from './served-record.ts'
import { memoryStore, publish, type Published } from '../publish/publish.ts'
import { compressQuickFiles, withCompressed } from '../publish/refine-compression.ts'

/** What one publish produced, and what its load found out on the way; or why the content could not be published. */
export type PublishOutcome = PublishedOutcome | BrokenOutcome

export interface PublishedOutcome {
  readonly ok: true
  readonly published: Published
  /** Problems that do not stop publishing. */
  readonly warnings: readonly Problem[]
  /** When the next scheduled issue or episode is due, if any: publish again then. */
  readonly nextScheduled?: Date
  /** What this load had to read or compute afresh, by kind (the rest came from the cache). */
  readonly reread: Readonly<Record<string, number>>
}

export interface BrokenOutcome {
  readonly ok: false
  /** Every error (and warning) found, each naming its file and field. */
  readonly problems: readonly Problem[]
}

/** Loads and publishes a publication again and again, each time doing only what its changes require. */
export interface ContentPublisher {
  /**
   * Loads, validates, renders and compresses what changed since the last call; never throws.
   * `changed` names every file and folder changed since then, when the caller knows (a file
   * watcher); only those are read again. Without it, every file is.
   *
   * At a first start (no version before, none recorded) every output is new and is compressed as
   * hard as it deserves in the same pass, so that what is served first is what `build` writes;
   * `early` is then called, once the content is validated, with a version of the hot outputs only
   * (the main feeds, the home page, the newest issues), before the rest is rendered.
   */
  publish (now: Date, changed?: ChangedPaths, early?: (published: Published) => void): Promise<PublishOutcome>
  /**
   * The files and folders the last publish read that are different on disk now (changed, added
   * or removed since): whatever the file watcher did or did not report, they need another publish.
   */
  changedSinceRead (): Promise<string[]>
  /**
   * Compresses the files the last publish left uncompressed (those it changed, which it serves
   * uncompressed at first so that an edit is served sooner) as hard as they deserve: the same
   * version with gzip and br of their own; undefined when there was nothing to refine, or when a
   * publish replaced the version while it compressed (it may run beside one).
   */
  refine (): Promise<Published | undefined>
  /** Writes what is kept between runs (when there is a cache folder) and lets go. */
  close (): Promise<void>
}

/** When a live publisher writes down what it keeps in its cache folder, and tidies it; tests shorten the waits. */
export interface CacheTiming {
  /**
   * The caches are written once no publish has come for this long: writing them takes a few
   * hundred ms of the publishing thread at 10,000 issues, which an edit saved meanwhile waited
   * for (see scheduleSave below)...
   */
  readonly saveWhenQuietMs: number
  /** ...at most this often, and on close... */
  readonly saveEveryMs: number
  /**
   * ...and, however busy, right after the first publish this long after one not written down yet:
   * a crash costs at most about this much redone work, never a wrong byte.
   */
  readonly saveAtLatestMs: number
  /** Outputs no version needs are deleted at a save at most this often, and on close... */
  readonly pruneEveryMs: number
  /** ...and, while serving, only once they have not been served for this long. */
  readonly retiredGraceMs: number
}

const CACHE_TIMING: CacheTiming = { saveWhenQuietMs: 1_500, saveEveryMs: 10_000, saveAtLatestMs: 60_000, pruneEveryMs: 60_000, retiredGraceMs: 60_000 }

// A publish of everything unchanged takes 0.6 to 0.8 s at 10,000 issues, where the load of one
// changed file takes about 0.15 s; once in this many, it adds a few milliseconds to each on
// average, and what the loads of changes leave in the cache stays a hundred files' worth at most.
export const FULL_LOAD_EVERY = 100

/**
 * The publishing half of a live server, which `serve` runs in a worker thread so that no request
 * waits for it (see worker-publisher.ts), and tests run in-process. With a cache folder, outputs
 * are kept on disk (only the hot ones in memory as well) and what was published is recorded, so a
 * restart with unchanged content publishes nothing afresh and keeps every ETag and Last-Modified.
 */
export function createContentPublisher (options: PublicationOptions, timing: CacheTiming = CACHE_TIMING): ContentPublisher {
  const { cacheDir } = options
  const disk = cacheDir === undefined ? undefined : createDiskStore(cacheDir)
  const store = disk ?? memoryStore
  const retention = createObjectRetention()
  let cache: LoadCache | undefined
  const readings: ContentReadings = new Map()
  let previous: Published | undefined
  // The version the cache folder records: read at the first publish, then each one saved.
  let recorded: ServedRecord | undefined
  let saveTimer: NodeJS.Timeout | undefined
  let savedAt = -Infinity
  let unsavedSince: number | undefined
  let saving = Promise.resolve()
  let prunedAt = -Infinity
  // Every file and folder the last publish read, with its version then.
  let lastInputs: ReadonlyMap<string, string> = new Map()
  let partialLoads = 0
  // Publishing, refining and pruning one at a time: a prune must never delete an object a publish
  // has just found there and kept.
  let turn: Promise<unknown> = Promise.resolve()
  const exclusive = async <T>(work: () => Promise<T>): Promise<T> => {
    const run = turn.then(work)
    turn = run.catch(() => undefined)
    return await run
  }
  const serve = (published: Published): void => {
    retention.replaced(previous ?? recorded, published)
    previous = published
  }

  // On close nothing is served any more (the server has finished its requests), so nothing retired
  // is needed either; and a publish still running finishes first, so the newest version is recorded.
  const save = async (closing: boolean): Promise<void> => {
    if (closing) {
      clearTimeout(saveTimer)
      await turn
    }
    if (cacheDir === undefined || cache === undefined || previous === undefined) return
    const recording = previous
    await Promise.all([cache.save(), writeServedRecord(cacheDir, recording, options, recorded?.published)])
    recorded = { files: recording.files, published: recording }
    if (disk === undefined || (!closing && Date.now() - prunedAt < timing.pruneEveryMs)) return
    prunedAt = Date.now()
    await exclusive(async () => await disk.prune(retention.inUse(previous, recorded, closing ? 0 : timing.retiredGraceMs)))
  }
  // One save at a time, each after the last, whether it failed or not.
  const saveAfter = (closing: boolean): void => {
    const next = async (): Promise<void> => { await save(closing) }
    saving = saving.then(next, next)
  }
  let closed = false
  const saveNow = (): void => {
    // Close writes everything last: a timer that fired meanwhile must not write after it.
    if (closed) return
    unsavedSince = undefined
    savedAt = Date.now()
    saveAfter(false)
  }
  // Once quiet (and no sooner than saveEveryMs after the last save): a publisher saves, reads what
  // they wrote, saves again, and the caches are written while they read. Written ten seconds after
  // a publish whatever happened since, they held up the edit saved meanwhile. At 10,000 issues,
  // timing 15 edits three seconds apart, the second edit met the first save: after a restart it
  // took 410-496 ms that way and 323-365 ms so; after a first start (whose first save writes the
  // 10,000 rendered bodies), 445-571 and 242-379 ms. The median of the 15 moved within the noise.
  const whenQuiet = (): void => {
    const wait = savedAt + timing.saveEveryMs - Date.now()
    if (wait > 0) saveTimer = setTimeout(whenQuiet, wait).unref()
    else saveNow()
  }
  const scheduleSave = (): void => {
    clearTimeout(saveTimer)
    unsavedSince ??= Date.now()
    // Never quiet for long: right after this publish, which has just answered.
    const overdue = Date.now() - unsavedSince >= timing.saveAtLatestMs
    saveTimer = setTimeout(overdue ? saveNow : whenQuiet, overdue ? 0 : timing.saveWhenQuietMs).unref()
  }

  return {
    publish: async (now, changed, early) => await exclusive(async () => {
      cache ??= await openLoadCache(cacheDir)
      recorded ??= cacheDir === undefined ? undefined : await readServedRecord(cacheDir, options)
      // Every so often everything is read, whatever changed: that clears out of the cache what the
      // loads of changes since left behind (see LoadCache.sweep), and puts right anything a change
      // the watcher never named would have left out.
      const everything = changed === undefined || ++partialLoads >= FULL_LOAD_EVERY
      if (everything) partialLoads = 0
      let loaded
      try {
        loaded = await loadPublication({ ...options, now, cache, readings, changed: everything ? undefined : changed })
      } catch (error) {
        // A load that failed for another reason than the content may have read one folder and not
        // the other: the next one reads everything.
        if (!(error instanceof ContentError)) readings.clear()
        lastInputs = cache.takeInputs()
        return { ok: false, problems: problemsOf(error, options.contentDir) }
      }
      const firstStart = previous === undefined && recorded === undefined
      // Bytes that are new get the time they changed, except at a first start with nothing
      // recorded: then the latest of the content's newest date and its files' modification
      // times, which every replica of a server on the same files computes alike, and which is
      // never earlier than the last edit.
      const modified = firstStart ? loaded.modified : now
      let base = previous ?? recorded
      // What pollers fetch is served seconds before the thousands of older pages are rendered;
      // the whole version then takes these files as they are.
      if (firstStart && early !== undefined) {
        const hot = await publish(loaded.publication, { modified, store, hotOnly: true })
        early(hot)
        base = hot
      }
      const published = await publish(loaded.publication, { modified, previous: base, store, quickFirst: !firstStart })
      serve(published)
      // Each version published records its episodes, so their GUIDs and enclosures cannot change by accident.
      const lockProblems = await writePublishedLock(options.contentDir, loaded.publishedLock).then(() => [], (error: Error): Problem[] =>
        [{ file: displayPath(publishedLockPath(options.contentDir)), message: `could not be written (${(error as NodeJS.ErrnoException).code ?? error.message}); the episodes published are not recorded`, severity: 'warning' }])
      scheduleSave()
      lastInputs = cache.takeInputs()
      return { ok: true, published, warnings: [...loaded.warnings, ...lockProblems], nextScheduled: loaded.nextScheduled, reread: loaded.reread }
    }),
    changedSinceRead: async () => changedInputs(lastInputs),
    // Compressing takes seconds at 10,000 issues (brotli 11 on the main feeds): it runs beside a
    // publish rather than before it, and what it compressed is kept only if no publish has
    // replaced the version meanwhile. Keeping it takes a turn, as a publish does.
    refine: async () => {
      const base = previous
      if (base === undefined) return undefined
      const compressed = await compressQuickFiles(base)
      if (compressed === undefined) return undefined
      return await exclusive(async () => {
        if (previous !== base) return undefined
        const refined = await withCompressed(base, compressed, store)
        serve(refined)
        return refined
      })
    },
    close: async () => {
      closed = true
      clearTimeout(saveTimer)
      saveAfter(true)
      await saving
    }
  }
}

// A file can vanish between listing and reading it (an editor's save-by-rename, a git checkout):
// that is a broken moment like any other, and the next change publishes again.
function problemsOf (error: unknown, contentDir: string): Problem[] {
  if (error instanceof ContentError) return error.problems.filter((problem) => problem.severity === 'error')
  return [{ file: displayPath(contentDir), message: `could not be read: ${(error as Error).message}`, severity: 'error' }]
}
