import { existsSync } from 'node:fs'
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { CODE_VERSION } from '../code-version.ts'
import { withoutBodies } from '../publish/disk-store.ts'
import type { Published, PublicationSummary, PublishedFile } from '../publish/publish.ts'

/**
 * What a live server published last, as a cache folder records it: every file with its ETags,
 * dates and where its bytes are kept, but no bytes. The next start takes up from it: it serves
 * this version at once, and the first publish keeps every file whose inputs did not change.
 */
export interface ServedRecord {
  readonly files: ReadonlyMap<string, PublishedFile>
  /**
   * The whole version, when this very feedwright recorded it (the server's headers are worked
   * out from these fields by the same code only): what a start may serve at once.
   */
  readonly published?: Published
}

function recordFile (cacheDir: string): string {
  return path.join(cacheDir, 'served.json')
}

/** Where a version was published from: a record made from other files is not that publication. */
export interface RecordSource {
  readonly contentDir: string
  readonly mediaDir: string
  readonly baseUrl?: string
}

function sourceKey ({ contentDir, mediaDir, baseUrl }: RecordSource): string {
  return JSON.stringify([path.resolve(contentDir), path.resolve(mediaDir), baseUrl ?? null])
}

/**
 * Records a published version (written whole, then renamed: a crash never leaves half a record),
 * unless the record holds it already: `recorded` is the version written or read last, and a
 * restart that found nothing changed leaves the record as it is (see recordsAlike).
 */
export async function writeServedRecord (cacheDir: string, published: Published, source: RecordSource, recorded?: Published): Promise<void> {
  if (recorded !== undefined && recordsAlike(recorded, published) && existsSync(recordFile(cacheDir))) return
  const files = [...published.files.values()].map((file) => ({ ...file, representations: withoutBodies(file.representations), preview: file.preview === undefined ? undefined : withoutBodies(file.preview) }))
  const file = recordFile(cacheDir)
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify({ codeVersion: CODE_VERSION, source: sourceKey(source), version: published.version, summary: published.summary, files }))
  await rename(temporary, file)
}

/**
 * Whether recording `published` would write what `recorded` (the version the record holds) already
 * says, rather than writing it whole again (about 9 MB at 10,000 issues). Compared as the record
 * holds them: without bytes, dates by their time. A refine changes the gzip and br of a version
 * without changing its version.
 */
function recordsAlike (recorded: Published, published: Published): boolean {
  if (recorded === published) return true
  if (recorded.version !== published.version || recorded.files.size !== published.files.size || !sameAsRecorded(recorded.summary, published.summary)) return false
  for (const [urlPath, file] of published.files) {
    if (!sameAsRecorded(recorded.files.get(urlPath), file)) return false
  }
  return true
}

// JSON leaves out what is undefined; the record leaves out bodies (see withoutBodies).
function sameAsRecorded (a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime()
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false
  const recordedKeys = (value: object): string[] => Object.keys(value).filter((key) => key !== 'body' && (value as Record<string, unknown>)[key] !== undefined)
  const keys = recordedKeys(a)
  return keys.length === recordedKeys(b).length && keys.every((key) => sameAsRecorded((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
}

/** The version recorded in `cacheDir`, or undefined when there is none that can be read. */
export async function readServedRecord (cacheDir: string, source: RecordSource): Promise<ServedRecord | undefined> {
  let record: { codeVersion?: string, source?: string, version?: string, summary?: PublicationSummary & { updated: string } }
  let files: Map<string, PublishedFile>
  try {
    const read = JSON.parse(await readFile(recordFile(cacheDir), 'utf8')) as typeof record & { files: Array<PublishedFile & { lastModified: string }> }
    files = new Map(read.files.map((file) => [file.path, { ...file, lastModified: new Date(file.lastModified) }]))
    record = read
  } catch {
    return undefined
  }
  if (record.codeVersion !== CODE_VERSION || record.source !== sourceKey(source) || record.version === undefined || record.summary === undefined) return { files }
  return { files, published: { version: record.version, summary: { ...record.summary, updated: new Date(record.summary.updated) }, files } }
}
