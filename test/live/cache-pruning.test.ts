import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import path from 'node:path'
import t from 'tap'
import { createContentPublisher, type CacheTiming } from '../../src/live/content-publisher.ts'
import { objectNames } from '../../src/publish/disk-store.ts'
import { hashBody } from '../../src/publish/encode.ts'
import type { Published } from '../../src/publish/publish.ts'
import { copyPublication, makeTempDir, type TestWithTeardown } from '../helpers.ts'

/** A publisher with a cache folder over a copy of the minimal fixture, and a way to edit its issue. */
async function start (t: TestWithTeardown, timing: CacheTiming) {
  const dirs = await copyPublication(t, 'minimal')
  const cacheDir = await makeTempDir(t, 'feedwright-prune-')
  const open = () => createContentPublisher({ ...dirs, cacheDir }, timing)
  const issues = path.join(dirs.contentDir, 'issues')
  const issue = path.join(issues, (await readdir(issues)).find((name) => name.endsWith('.md'))!)
  const original = await readFile(issue, 'utf8')
  const retitle = async (title: string) => await writeFile(issue, original.replace(/^title: .*$/m, `title: "${title}"`))
  return { cacheDir, objects: path.join(cacheDir, 'objects'), open, retitle }
}

async function publishOk (publisher: ReturnType<typeof createContentPublisher>): Promise<Published> {
  const outcome = await publisher.publish(new Date())
  if (!outcome.ok) throw new Error(`the fixture does not publish: ${JSON.stringify(outcome.problems)}`)
  return outcome.published
}

async function objectsOnDisk (objects: string): Promise<Set<string>> {
  const folders = await readdir(objects)
  return new Set((await Promise.all(folders.map(async (folder) => await readdir(path.join(objects, folder))))).flat())
}

function namesOf (published: Published): Set<string> {
  return new Set([...published.files.values()].flatMap(objectNames))
}

t.test('after edits, the cache folder keeps the bytes of the version served and no other', async (t) => {
  const { objects, open, retitle } = await start(t, { saveWhenQuietMs: 10_000, saveEveryMs: 10_000, saveAtLatestMs: 60_000, pruneEveryMs: 60_000, retiredGraceMs: 60_000 })
  const publisher = open()
  const first = await publishOk(publisher)
  let last = first
  for (const title of ['Edited once', 'Edited twice', 'Edited three times']) {
    await retitle(title)
    last = await publishOk(publisher)
    last = await publisher.refine() ?? last
  }
  const beforeClose = await objectsOnDisk(objects)
  const served = namesOf(last)
  t.ok([...namesOf(first)].some((name) => !served.has(name)), 'the edits changed some files (the check below could otherwise not fail)')
  t.ok([...namesOf(first)].filter((name) => !served.has(name)).every((name) => beforeClose.has(name)), 'nothing is deleted before a save')
  await publisher.close()
  t.same([...await objectsOnDisk(objects)].sort(), [...served].sort(), 'exactly the objects of the last version are left')
  // Every file still served from disk has its bytes: what is read back hashes to the ETag served.
  for (const file of last.files.values()) {
    const { identity } = file.representations
    if (identity.file === undefined) continue
    t.equal(`"${hashBody(await readFile(identity.file))}"`, identity.etag, `${file.path} is whole`)
  }
})

t.test('a restart after pruning finds every output of the recorded version and renders none again', async (t) => {
  const { objects, open, retitle } = await start(t, { saveWhenQuietMs: 10_000, saveEveryMs: 10_000, saveAtLatestMs: 60_000, pruneEveryMs: 60_000, retiredGraceMs: 60_000 })
  const publisher = open()
  await publishOk(publisher)
  await retitle('Edited before the restart')
  const edited = await publishOk(publisher)
  const before = await publisher.refine() ?? edited
  await publisher.close()
  const kept = await objectsOnDisk(objects)
  const restarted = open()
  const after = await publishOk(restarted)
  t.equal(after.version, before.version, 'the same version')
  for (const [path, file] of after.files) {
    t.equal(file.representations.br.etag, before.files.get(path)!.representations.br.etag, `${path} keeps its ETags`)
  }
  await restarted.close()
  t.same([...await objectsOnDisk(objects)].sort(), [...kept].sort(), 'nothing was rendered again and nothing more deleted')
  t.same([...namesOf(after)].sort(), [...kept].sort(), 'and the version names exactly the objects kept')
})

t.test('while serving, what was served a moment ago is kept; on close, only the version served', async (t) => {
  const { objects, open, retitle } = await start(t, { saveWhenQuietMs: 50, saveEveryMs: 200, saveAtLatestMs: 60_000, pruneEveryMs: 0, retiredGraceMs: 60_000 })
  const stray = path.join(objects, 'zz')
  const leaveBehind = async (name: string): Promise<void> => {
    await mkdir(stray, { recursive: true })
    await writeFile(path.join(stray, name), 'bytes')
  }
  // A save follows each publish; once it has deleted the file left behind, it has pruned. Each file is
  // left behind before the publish whose save must delete it, and after the save before it: no
  // other save can.
  const untilPruned = async (name: string): Promise<void> => {
    for (let waited = 0; (await objectsOnDisk(objects)).has(name); waited += 20) {
      if (waited > 10_000) throw new Error('the save after the publish never pruned')
      await sleep(20)
    }
  }
  const publisher = open()
  // What an earlier run left behind: a write cut short by a crash.
  await leaveBehind('zz-left-behind.1234.abc.tmp')
  const first = await publishOk(publisher)
  await untilPruned('zz-left-behind.1234.abc.tmp')
  await leaveBehind('zz-no-version-names-it')
  await retitle('Edited a moment ago')
  const second = await publishOk(publisher)
  await untilPruned('zz-no-version-names-it')
  const retired = [...namesOf(first)].filter((name) => !namesOf(second).has(name))
  t.ok(retired.length > 0, 'the edit retired some objects')
  const whileServing = await objectsOnDisk(objects)
  t.ok(retired.every((name) => whileServing.has(name)), 'the objects the edit retired a moment ago are kept: a request may still be reading one')
  t.ok([...namesOf(second)].every((name) => whileServing.has(name)), 'the served version is whole')
  await publisher.close()
  t.same([...await objectsOnDisk(objects)].sort(), [...namesOf(second)].sort(), 'on close, only the version served is left')
})

t.test('closing while a publish runs records that publish, and keeps its bytes', async (t) => {
  const { cacheDir, objects, open, retitle } = await start(t, { saveWhenQuietMs: 10_000, saveEveryMs: 10_000, saveAtLatestMs: 60_000, pruneEveryMs: 60_000, retiredGraceMs: 60_000 })
  const publisher = open()
  await publishOk(publisher)
  await retitle('Edited as the server stops')
  const running = publishOk(publisher)
  await publisher.close()
  const last = await running
  const record = JSON.parse(await readFile(path.join(cacheDir, 'served.json'), 'utf8')) as { version: string }
  t.equal(record.version, last.version, 'the version recorded is the one published last')
  t.same([...await objectsOnDisk(objects)].sort(), [...namesOf(last)].sort(), 'and its bytes are all that is left')
})

/** The version the cache folder records as served, if any. */
async function recordedVersion (cacheDir: string): Promise<string | undefined> {
  return await readFile(path.join(cacheDir, 'served.json'), 'utf8').then((text) => (JSON.parse(text) as { version: string }).version, () => undefined)
}

t.test('the caches are written once publishing is quiet, not while edits follow each other', async (t) => {
  const { cacheDir, open, retitle } = await start(t, { saveWhenQuietMs: 1_500, saveEveryMs: 0, saveAtLatestMs: 60_000, pruneEveryMs: 60_000, retiredGraceMs: 60_000 })
  const publisher = open()
  t.teardown(async () => { await publisher.close() })
  let last = await publishOk(publisher)
  for (const title of ['One', 'Two', 'Three', 'Four', 'Five']) {
    await sleep(100)
    await retitle(title)
    last = await publishOk(publisher)
  }
  t.equal(await recordedVersion(cacheDir), undefined, 'nothing written while each publish came within the quiet time of the last')
  for (let waited = 0; await recordedVersion(cacheDir) === undefined && waited < 5_000; waited += 50) await sleep(50)
  t.equal(await recordedVersion(cacheDir), last.version, 'then the last version, once quiet')
})

t.test('edits that never leave a quiet moment still get the caches written, right after a publish', async (t) => {
  const { cacheDir, open, retitle } = await start(t, { saveWhenQuietMs: 60_000, saveEveryMs: 0, saveAtLatestMs: 300, pruneEveryMs: 60_000, retiredGraceMs: 60_000 })
  const publisher = open()
  t.teardown(async () => { await publisher.close() })
  const versions = [(await publishOk(publisher)).version]
  const started = Date.now()
  for (let edit = 1; Date.now() - started < 1_000; edit++) {
    await sleep(100)
    await retitle(`Edit ${edit}`)
    versions.push((await publishOk(publisher)).version)
  }
  await sleep(200)
  const version = await recordedVersion(cacheDir)
  t.ok(version !== undefined && versions.slice(1).includes(version), 'a version of the edits is recorded, though no moment was quiet')
})

t.test('a restart that finds nothing changed leaves the record as it was written; a deleted record, compression and edits are written', async (t) => {
  // Written right after every publish, and on close.
  const { cacheDir, open, retitle } = await start(t, { saveWhenQuietMs: 60_000, saveEveryMs: 0, saveAtLatestMs: 0, pruneEveryMs: 60_000, retiredGraceMs: 60_000 })
  const record = path.join(cacheDir, 'served.json')
  const first = open()
  await publishOk(first)
  await first.close()
  const written = await stat(record)
  await sleep(20)
  const restarted = open()
  const confirmed = await publishOk(restarted)
  await restarted.close()
  const after = await stat(record)
  t.same([after.ino, after.mtimeMs], [written.ino, written.mtimeMs], 'not written again: the file is the very one written before')
  t.equal(await recordedVersion(cacheDir), confirmed.version)
  const deleting = open()
  await publishOk(deleting)
  await rm(record)
  await deleting.close()
  t.equal(await recordedVersion(cacheDir), confirmed.version, 'a record deleted meanwhile is written again, though nothing changed')

  // An edit is served uncompressed at first; compressed, it is the same version with other gzip and br.
  const editing = open()
  await publishOk(editing)
  await retitle('Edited after the restart')
  const edited = await publishOk(editing)
  const feed = (published: Published) => published.files.get('/feed.xml')!.representations
  t.equal(feed(edited).gzip.etag, feed(edited).identity.etag, 'the edited feed is served uncompressed at first (the check below could otherwise not fail)')
  for (let waited = 0; await recordedVersion(cacheDir) !== edited.version && waited < 5_000; waited += 20) await sleep(20)
  t.equal(await recordedVersion(cacheDir), edited.version, 'the edit is recorded, uncompressed')
  const refined = await editing.refine()
  t.ok(refined !== undefined && refined.version === edited.version, 'compressing keeps the version')
  await editing.close()
  const recorded = JSON.parse(await readFile(record, 'utf8')) as { version: string, files: Array<{ path: string, representations: { gzip: { etag: string } } }> }
  t.equal(recorded.version, edited.version, 'the same version is recorded')
  t.equal(recorded.files.find((file) => file.path === '/feed.xml')!.representations.gzip.etag, feed(refined!).gzip.etag, 'with the gzip it was compressed to')
})
