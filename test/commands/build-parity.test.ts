import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { build } from '../../src/commands/build.ts'
import { fileNameFor } from '../../src/model/urls.ts'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication, makeTempDir, publicationDirs, type TestWithTeardown } from '../helpers.ts'

const quiet = { out: () => {}, err: () => {} }

/**
 * Builds a publication, serves the same one, and compares every built file (and its .gz and .br)
 * with the server's answer for its path. Returns what differs, and how many files were compared.
 */
async function compareBuildWithServer (t: TestWithTeardown, dirs: { contentDir: string, mediaDir: string }): Promise<{ compared: number, different: string[] }> {
  const outDir = await makeTempDir(t, 'built')
  if (await build({ ...dirs, outDir }, quiet) !== 0) throw new Error('build failed')
  const { snapshot } = await loadSnapshot(dirs, { now: new Date() })
  const app = await buildApp({ store: createSnapshotStore(snapshot) })
  t.teardown(async () => await app.close())
  const different: string[] = []
  let compared = 0
  const compare = async (url: string, encoding: string, file: string): Promise<void> => {
    const served = await app.inject({ url, headers: { 'accept-encoding': encoding } })
    const built = await readFile(file).catch(() => undefined)
    if (served.statusCode !== 200 || built === undefined || !served.rawPayload.equals(built)) different.push(`${url} (${encoding})`)
    compared++
  }
  for (const file of snapshot.published.files.values()) {
    const built = path.join(outDir, fileNameFor(file.path))
    await compare(file.path, 'identity', built)
    await compare(file.path, 'gzip', `${built}.gz`)
    await compare(file.path, 'br', `${built}.br`)
  }
  for (const entry of snapshot.media.values()) await compare(`/media/${entry.path}`, 'gzip, br', path.join(outDir, 'media', entry.path))
  return { compared, different }
}

t.test('a static host serving the build sends exactly what the server sends: the sample', async (t) => {
  const { compared, different } = await compareBuildWithServer(t, publicationDirs('sample'))
  t.same(different, [])
  t.ok(compared >= 30, `compared ${compared} files`)
})

t.test('a static host serving the build sends exactly what the server sends: a publication with archives and tags', async (t) => {
  t.setTimeout(120_000)
  const dirs = await copyPublication(t, 'hostile')
  for (let n = 1; n <= 60; n++) {
    await writeFile(path.join(dirs.contentDir, 'issues', `generated-${n}.md`),
      `---\ntitle: Generated ${n}\ndate: ${new Date(Date.UTC(2020, 0, n)).toISOString()}\nsummary: Number ${n}.\ntags: [${n % 2 === 0 ? 'even' : '"Ünïcödé"'}]\n---\nText.\n`)
  }
  const { compared, different } = await compareBuildWithServer(t, dirs)
  t.same(different, [])
  t.ok(compared >= 200, `compared ${compared} files`)
})
