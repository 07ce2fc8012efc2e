import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { openLoadCache, type LoadCache } from '../content/load-cache.ts'
import { loadPublication, type PublicationOptions } from '../content/load-publication.ts'
import { ContentError, type Problem } from '../errors.ts'
import { displayPath } from '../content/content-files.ts'
import { publishedLockPath, writePublishedLock } from '../content/published-lock.ts'
import { createDiskStore, withoutBodies } from '../publish/disk-store.ts'
import { memoryStore, publish, type Published, type PublishedFile } from '../publish/publish.ts'

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
  /** Every file and folder the load read, with its version then: compared with the disk afterwards. */
  readonly inputs: ReadonlyMap<string, string>
}

export interface BrokenOutcome {
  readonly ok: false
  /** Every error (and warning) found, each naming its file and field. */
  readonly problems: readonly Problem[]
  readonly inputs: ReadonlyMap<string, string>
}

/** Loads and publishes a publication again and again, each time doing only what its changes require. */
export interface ContentPublisher {
  /** Loads, validates, renders and compresses what changed since the last call; never throws. */
  publish (now: Date): Promise<PublishOutcome>
  /** Writes what is kept between runs (when there is a cache folder) and lets go. */
  close (): Promise<void>
}

// The caches are written at most this often while publishing goes on, and on close: a crash costs
// at most this much redone work at the next start, never a wrong byte.
const SAVE_AFTER_MS = 10_000

/**
 * The publishing half of a live server, which `serve` runs in a worker thread so that no request
 * waits for it (see worker-publisher.ts), and tests run in-process. With a cache folder, outputs
 * are kept on disk (only the hot ones in memory as well) and what was published is recorded, so a
 * restart with unchanged content publishes nothing afresh and keeps every ETag and Last-Modified.
 */
export function createContentPublisher (options: PublicationOptions): ContentPublisher {
  const { cacheDir } = options
  const store = cacheDir === undefined ? memoryStore : createDiskStore(cacheDir)
  const manifestFile = cacheDir === undefined ? undefined : path.join(cacheDir, 'served.json')
  let cache: LoadCache | undefined
  let previous: Published | undefined
  let recorded: { readonly files: ReadonlyMap<string, PublishedFile> } | undefined
  let saveTimer: NodeJS.Timeout | undefined
  let saving = Promise.resolve()

  const save = async (): Promise<void> => {
    clearTimeout(saveTimer)
    saveTimer = undefined
    if (cacheDir === undefined || cache === undefined || previous === undefined) return
    const files = [...previous.files.values()].map((file) => ({ ...file, representations: withoutBodies(file.representations), preview: file.preview === undefined ? undefined : withoutBodies(file.preview) }))
    await Promise.all([cache.save(), writeWhole(manifestFile!, JSON.stringify({ files }))])
  }

  return {
    publish: async (now) => {
      cache ??= await openLoadCache(cacheDir)
      recorded ??= await readManifest(manifestFile)
      let loaded
      try {
        loaded = await loadPublication({ ...options, now, cache })
      } catch (error) {
        return { ok: false, problems: problemsOf(error, options.contentDir), inputs: cache.takeInputs() }
      }
      // Bytes that are new get the time they changed, except at a first start with nothing
      // recorded: then the latest of the content's newest date and its files' modification
      // times, which every replica of a server on the same files computes alike, and which is
      // never earlier than the last edit.
      const modified = previous === undefined && recorded === undefined ? loaded.modified : now
      const published = await publish(loaded.publication, { modified, previous: previous ?? recorded, store })
      previous = published
      // Each version published records its episodes, so their GUIDs and enclosures cannot change by accident.
      const lockProblems = await writePublishedLock(options.contentDir, loaded.publishedLock).then(() => [], (error: Error): Problem[] =>
        [{ file: displayPath(publishedLockPath(options.contentDir)), message: `could not be written (${(error as NodeJS.ErrnoException).code ?? error.message}); the episodes published are not recorded`, severity: 'warning' }])
      saveTimer ??= setTimeout(() => { saving = saving.then(save, save) }, SAVE_AFTER_MS).unref()
      return { ok: true, published, warnings: [...loaded.warnings, ...lockProblems], nextScheduled: loaded.nextScheduled, reread: loaded.reread, inputs: cache.takeInputs() }
    },
    close: async () => {
      saving = saving.then(save, save)
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

async function readManifest (file: string | undefined): Promise<{ files: ReadonlyMap<string, PublishedFile> } | undefined> {
  if (file === undefined) return undefined
  try {
    const { files } = JSON.parse(await readFile(file, 'utf8')) as { files: Array<PublishedFile & { lastModified: string }> }
    return { files: new Map(files.map((file) => [file.path, { ...file, lastModified: new Date(file.lastModified) }])) }
  } catch {
    return undefined
  }
}

// Written under another name, then renamed: a crash never leaves half a file.
async function writeWhole (file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, text)
  await rename(temporary, file)
}
