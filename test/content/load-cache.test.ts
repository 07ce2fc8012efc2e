import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { changedPaths } from '../../src/content/changed-paths.ts'
import type { ContentReadings } from '../../src/content/content-files.ts'
import { openLoadCache } from '../../src/content/load-cache.ts'
import { loadPublication } from '../../src/content/load-publication.ts'
import { publish } from '../../src/publish/publish.ts'
import { copyPublication, makeTempDir, type TestWithTeardown } from '../helpers.ts'

// A load with a cache folder keeps each issue's rendered Markdown in a file of its own and reads it
// only for what is rendered; these tests check that what comes out is what a load without a cache
// gives, whatever happened to those files in between.

const NOW = new Date('2030-01-01T00:00:00Z')

async function publicationWithCache (t: TestWithTeardown) {
  const dirs = await copyPublication(t, 'minimal')
  for (let n = 1; n <= 12; n++) {
    const date = new Date(Date.UTC(2021, 0, n)).toISOString()
    await writeFile(path.join(dirs.contentDir, 'issues', `issue-${n}.md`), `---\ntitle: Issue ${n}\ndate: ${date}\ntags: [notes]\n---\nThe *text* of issue ${n}, [linking](/issues/issue-${n + 1}/).\n`)
  }
  const cacheDir = await makeTempDir(t, 'load-cache-')
  const bulky = async (): Promise<string[]> => (await readdir(path.join(cacheDir, 'load')).catch(() => [] as string[])).filter((name) => !name.endsWith('.tmp'))
  return { dirs, cacheDir, bulky }
}

async function bytesOf (dirs: { contentDir: string, mediaDir: string }, cacheDir?: string): Promise<Map<string, string>> {
  const { publication } = await loadPublication({ ...dirs, cacheDir, now: NOW })
  const published = await publish(publication, { modified: NOW })
  return new Map([...published.files].map(([urlPath, file]) => [urlPath, file.representations.identity.body!.toString('utf8')]))
}

t.test('a second load from the cache folder publishes the bytes of a load without one, rendering no Markdown again', async (t) => {
  const { dirs, cacheDir, bulky } = await publicationWithCache(t)
  const cold = await bytesOf(dirs)
  const first = await loadPublication({ ...dirs, cacheDir, now: NOW })
  t.ok(first.reread.markdown! > 12, `${first.reread.markdown} Markdown bodies rendered`)
  t.equal((await bulky()).length, first.reread.markdown, 'each kept in a file of its own')
  const again = await loadPublication({ ...dirs, cacheDir, now: NOW })
  t.same([again.reread.content, again.reread.markdown, again.reread.issue], [undefined, undefined, undefined], 'no file parsed, no Markdown rendered afresh')
  t.same(await bytesOf(dirs, cacheDir), cold, 'every output the same')
  const page = (await bytesOf(dirs, cacheDir)).get('/issues/issue-3/')!
  t.match(page, '<em>text</em> of issue 3', 'the page shows the body rendered from the cache')
})

t.test('HTML files deleted or cut short by someone else are rendered again from the content', async (t) => {
  const { dirs, cacheDir, bulky } = await publicationWithCache(t)
  const cold = await bytesOf(dirs)
  await loadPublication({ ...dirs, cacheDir, now: NOW })
  const [first, second] = await bulky()
  await rm(path.join(cacheDir, 'load', first!))
  await writeFile(path.join(cacheDir, 'load', second!), (await readFile(path.join(cacheDir, 'load', second!))).subarray(0, 5))
  t.same(await bytesOf(dirs, cacheDir), cold, 'every output the same as without a cache')
})

t.test('the HTML of an issue that changed or went away is deleted from the cache folder once no index names it', async (t) => {
  const { dirs, cacheDir, bulky } = await publicationWithCache(t)
  await loadPublication({ ...dirs, cacheDir, now: NOW })
  const before = new Set(await bulky())
  await rm(path.join(dirs.contentDir, 'issues', 'issue-4.md'))
  const five = path.join(dirs.contentDir, 'issues', 'issue-5.md')
  await writeFile(five, (await readFile(five, 'utf8')).replace('The *text*', 'The new *text*'))
  await loadPublication({ ...dirs, cacheDir, now: NOW })
  const after = await bulky()
  t.equal(after.length, before.size - 1, 'one file fewer')
  t.equal(after.filter((name) => !before.has(name)).length, 1, 'one new file, for the edited issue')
  t.same(await bytesOf(dirs, cacheDir), await bytesOf(dirs), 'and the outputs are those of a load without a cache')
})

t.test('loads told what changed keep the HTML of the files they did not look at; the next load of everything clears out what edits left', async (t) => {
  const { dirs, cacheDir, bulky } = await publicationWithCache(t)
  const cache = await openLoadCache(cacheDir)
  const readings: ContentReadings = new Map()
  await loadPublication({ ...dirs, cache, readings, now: NOW })
  await cache.save()
  const before = new Set(await bulky())
  const five = path.join(dirs.contentDir, 'issues', 'issue-5.md')
  for (const text of ['The new *text*', 'The newer *text*']) {
    await writeFile(five, (await readFile(five, 'utf8')).replace(/The (new |newer )?\*text\*/, text))
    const partial = await loadPublication({ ...dirs, cache, readings, now: NOW, changed: changedPaths([five]) })
    t.equal(partial.reread.markdown, 1, 'only the edited body rendered')
  }
  await cache.save()
  t.equal((await bulky()).filter((name) => !before.has(name)).length, 2, 'both edits kept')
  t.equal((await bulky()).filter((name) => before.has(name)).length, before.size, 'and every body the edits did not touch, though those loads never looked at them')
  const everything = await loadPublication({ ...dirs, cache, readings, now: NOW })
  t.equal(everything.reread.markdown, undefined, 'a load of everything renders nothing again')
  await cache.save()
  t.equal((await bulky()).length, before.size, 'and what only the first edit needed is gone')
  t.same(await bytesOf(dirs, cacheDir), await bytesOf(dirs), 'the outputs are those of a load without a cache')
})

t.test('a cache folder written by other code is not trusted, and its HTML files are cleared', async (t) => {
  const { dirs, cacheDir, bulky } = await publicationWithCache(t)
  await loadPublication({ ...dirs, cacheDir, now: NOW })
  const index = path.join(cacheDir, 'load-cache.v8')
  await writeFile(index, 'not an index')
  await writeFile(path.join(cacheDir, 'load', 'stray'), 'left by an older feedwright')
  const count = (await bulky()).length - 1
  const loaded = await loadPublication({ ...dirs, cacheDir, now: NOW })
  t.equal(loaded.reread.markdown, count, 'every body rendered again')
  t.notOk((await bulky()).includes('stray'), 'files no index names are gone')
  t.equal((await bulky()).length, count)
})

// A build run from another folder than the last (or a server and a build sharing the cache folder
// from different folders) shows paths relative to its own folder: it must still take what the
// last load read, and name each file as it shows it.
t.test('a load from another working folder reads nothing again, and names files as it shows them', async (t) => {
  const startedIn = process.cwd()
  t.teardown(() => process.chdir(startedIn))
  const { dirs, cacheDir } = await publicationWithCache(t)
  await writeFile(path.join(dirs.contentDir, 'issues', 'cut.md'), '---\ntitle: Issue #13\ndate: 2021-02-01T00:00:00Z\n---\nText.\n')
  const elsewhere = await makeTempDir(t, 'elsewhere-')
  process.chdir(elsewhere)
  const first = await loadPublication({ ...dirs, cacheDir, now: NOW })
  t.ok(first.warnings.length >= 1, 'the publication has warnings')
  t.ok(first.warnings.every((warning) => path.isAbsolute(warning.file)), 'shown as absolute paths from a folder outside it')

  process.chdir(path.dirname(dirs.contentDir))
  const again = await loadPublication({ ...dirs, cacheDir, now: NOW })
  t.same([again.reread.content, again.reread.issue, again.reread.markdown], [undefined, undefined, undefined], 'no file parsed or issue read afresh')
  const fresh = await loadPublication({ ...dirs, now: NOW })
  t.same(again.warnings, fresh.warnings, 'the warnings of a load without a cache, from this folder')
  t.ok(again.warnings.every((warning) => warning.file.startsWith(`content${path.sep}`)), 'shown relative to this folder')
  t.same(again.publication.issues.map((issue) => issue.slug), fresh.publication.issues.map((issue) => issue.slug), 'and the same issues')
})

t.test('a load from another working folder names each broken file as it shows it', async (t) => {
  const startedIn = process.cwd()
  t.teardown(() => process.chdir(startedIn))
  const dirs = await copyPublication(t, 'broken')
  const cacheDir = await makeTempDir(t, 'load-cache-')
  const problemsOf = async (cache?: string): Promise<unknown> => await loadPublication({ ...dirs, cacheDir: cache, now: NOW }).then(() => t.fail('loaded'), (error: { problems: unknown }) => error.problems)
  process.chdir(await makeTempDir(t, 'elsewhere-'))
  await problemsOf(cacheDir)
  process.chdir(path.dirname(dirs.contentDir))
  const fresh = await problemsOf()
  t.same(await problemsOf(cacheDir), fresh, 'the problems of a load without a cache, from this folder')
  t.match(JSON.stringify(fresh), `"file":"content${path.sep}issues${path.sep}bad-yaml.md"`, 'shown relative to this folder')
})
