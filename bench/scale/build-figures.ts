import { createHash } from 'node:crypto'
import { spawnSync } from 'node:child_process'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { runMeasured, type RunResult } from './processes.ts'

/** What `build` did with a generated publication, beside Hugo on the same posts. */
export interface BuildFigures {
  readonly cold: RunResult
  readonly files: number
  readonly megabytes: number
  /** Hugo's full-site build of the same posts, when `hugo` is installed. */
  readonly hugo?: RunResult
  readonly incremental: RunResult
  /** Files whose bytes did not change but whose modification time did: should be none. */
  readonly touchedUnchanged: number
  /** Files the incremental build changed. */
  readonly changed: number
}

export interface BuildSetup {
  readonly cli: string
  readonly contentDir: string
  readonly mediaDir: string
  readonly hugoContentDir: string
  readonly hugoSite: string
  readonly work: string
  readonly editFile: string
  /** Cold builds of each, alternating, keeping the fastest: absolute times move between runs here. */
  readonly rounds: number
  /** Whether to build with Hugo too (it needs about 3 GB at 10,000 posts, and grows with them). */
  readonly withHugo: boolean
}

export function hugoInstalled (): boolean {
  return spawnSync('hugo', ['version'], { stdio: 'ignore' }).status === 0
}

export async function measureBuild (setup: BuildSetup): Promise<BuildFigures> {
  const out = path.join(setup.work, 'out')
  const cache = path.join(setup.work, 'build-cache')
  const hugoOut = path.join(setup.work, 'hugo-out')
  const withHugo = setup.withHugo && hugoInstalled()
  const build = async (): Promise<RunResult> => await runMeasured(process.execPath, [setup.cli, 'build', '--content', setup.contentDir, '--media', setup.mediaDir, '--out', out, '--cache', cache])

  let cold: RunResult | undefined
  let hugo: RunResult | undefined
  for (let round = 0; round < setup.rounds; round++) {
    await Promise.all([out, cache, hugoOut].map(async (dir) => await rm(dir, { recursive: true, force: true })))
    if (withHugo) hugo = fastest(hugo, await runMeasured('hugo', ['--quiet', '--source', setup.hugoSite, '--contentDir', setup.hugoContentDir, '--destination', hugoOut]))
    cold = fastest(cold, await build())
  }
  await rm(hugoOut, { recursive: true, force: true })
  const before = await filesIn(out)

  // One issue's title changed, then built again into the same folder with the same cache.
  const original = await readFile(setup.editFile, 'utf8')
  await writeFile(setup.editFile, original.replace(/^title: .*$/m, 'title: "An edited title"'))
  let incremental: RunResult
  try {
    incremental = await build()
  } finally {
    await writeFile(setup.editFile, original)
  }
  const after = await filesIn(out)
  let touchedUnchanged = 0
  let changed = 0
  for (const [file, now] of after) {
    const then = before.get(file)
    if (then === undefined || then.size !== now.size || then.mtimeMs !== now.mtimeMs) {
      if (then !== undefined && then.digest === now.digest) touchedUnchanged++
      else changed++
    }
  }
  return { cold: cold!, files: before.size, megabytes: [...before.values()].reduce((sum, file) => sum + file.size, 0) / 1e6, hugo, incremental, touchedUnchanged, changed }
}

function fastest (a: RunResult | undefined, b: RunResult): RunResult {
  return a === undefined || b.seconds < a.seconds ? b : a
}

interface FileState { readonly size: number, readonly mtimeMs: number, readonly digest: string }

// Every file's size, time and digest, to tell a rewrite of the same bytes from a real change.
async function filesIn (root: string): Promise<Map<string, FileState>> {
  const files = new Map<string, FileState>()
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.relative(root, path.join(entry.parentPath, entry.name))
    const stats = await stat(path.join(root, file))
    files.set(file, { size: stats.size, mtimeMs: stats.mtimeMs, digest: createHash('sha1').update(await readFile(path.join(root, file))).digest('hex') })
  }
  return files
}
