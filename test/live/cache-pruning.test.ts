import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { createContentPublisher, type PruneTiming } from '../../src/live/content-publisher.ts'
import { objectNames } from '../../src/publish/disk-store.ts'
import { hashBody } from '../../src/publish/encode.ts'
import type { Published } from '../../src/publish/publish.ts'
import { copyPublication, makeTempDir, type TestWithTeardown } from '../helpers.ts'

/** A publisher with a cache folder over a copy of the minimal fixture, and a way to edit its issue. */
async function start (t: TestWithTeardown, timing: PruneTiming) {
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
  const { objects, open, retitle } = await start(t, { everyMs: 0, graceMs: 0 })
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
  const { objects, open, retitle } = await start(t, { everyMs: 0, graceMs: 0 })
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

t.test('objects retired or written recently are kept; old leftovers and half-written files go', async (t) => {
  const { objects, open, retitle } = await start(t, { everyMs: 0, graceMs: 60_000 })
  const publisher = open()
  const first = await publishOk(publisher)
  await retitle('Edited a moment ago')
  const second = await publishOk(publisher)
  const retired = [...namesOf(first)].filter((name) => !namesOf(second).has(name))
  t.ok(retired.length > 0, 'the edit retired some objects')
  // What an earlier run left behind: objects no version names, and a write cut short by a crash.
  const stray = path.join(objects, 'zz')
  await mkdir(stray, { recursive: true })
  const hourAgo = new Date(Date.now() - 3_600_000)
  const old = ['old-object', 'old-object.1234.abc.tmp']
  for (const name of [...old, 'new-object']) await writeFile(path.join(stray, name), 'bytes')
  for (const name of old) await utimes(path.join(stray, name), hourAgo, hourAgo)
  // An object retired a moment ago but written long before: its age on disk does not make it deletable.
  const retiredFile = [...first.files.values()].flatMap((file) => Object.values(file.representations)).find((representation) => representation.file !== undefined && retired.includes(path.basename(representation.file)))!.file!
  await utimes(retiredFile, hourAgo, hourAgo)
  await publisher.close()
  const left = await objectsOnDisk(objects)
  t.notOk(left.has('old-object'), 'an old object no version names is deleted')
  t.notOk(left.has('old-object.1234.abc.tmp'), 'an old half-written file is deleted')
  t.ok(left.has('new-object'), 'an object written a moment ago is kept (another write may be about to name it)')
  t.ok(retired.every((name) => left.has(name)), 'the objects the edit retired are kept for the grace period')
  t.ok([...namesOf(second)].every((name) => left.has(name)), 'the served version is whole')
})
