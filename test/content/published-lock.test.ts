import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { build } from '../../src/commands/build.ts'
import { validate } from '../../src/commands/validate.ts'
import { loadPublication, type PublicationOptions } from '../../src/content/load-publication.ts'
import { checkPublishedLock, formatPublishedLock, parsePublishedLock, publishedLockPath, writePublishedLock } from '../../src/content/published-lock.ts'
import { ContentError, formatProblem } from '../../src/errors.ts'
import { copyPublication, makeTempDir, type TestWithTeardown } from '../helpers.ts'

const quiet = { out: () => {}, err: () => {} }

/** A copy of the minimal publication whose episodes have been published once (its lock written). */
async function publishedCopy (t: TestWithTeardown): Promise<PublicationOptions> {
  const dirs = await copyPublication(t, 'minimal')
  await rm(publishedLockPath(dirs.contentDir), { force: true })
  await writePublishedLock(dirs.contentDir, (await loadPublication(dirs)).publishedLock)
  return dirs
}

async function guidsByTitle (dirs: PublicationOptions): Promise<Record<string, string>> {
  const { publication } = await loadPublication(dirs)
  return Object.fromEntries(publication.episodes.map((episode) => [episode.title, episode.guid]))
}

async function problemsOf (dirs: PublicationOptions): Promise<string[]> {
  try {
    await loadPublication(dirs)
  } catch (error) {
    if (error instanceof ContentError) return error.problems.filter((problem) => problem.severity === 'error').map(formatProblem)
    throw error
  }
  return []
}

async function edit (file: string, change: (text: string) => string): Promise<void> {
  await writeFile(file, change(await readFile(file, 'utf8')))
}

t.test('publishing writes one line per episode, with its GUID, enclosure, length and date', async (t) => {
  const dirs = await publishedCopy(t)
  const { publication } = await loadPublication(dirs)
  const lock = parsePublishedLock(await readFile(publishedLockPath(dirs.contentDir), 'utf8'), 'published.lock')
  if (Array.isArray(lock)) throw new Error('unreadable lock')
  t.equal(lock.podcastGuid, undefined, 'a podcast:guid derived from the address is not recorded')
  t.same(lock.entries.map((entry) => [entry.file, entry.guid, entry.enclosure, entry.length, entry.firstPublished.toISOString()]),
    [...publication.episodes].reverse().map((episode) => [
      `${episode.slug}.md`, episode.guid, 'media/tone.mp3', episode.audio.length, episode.date.toISOString()
    ]), 'oldest first, enclosure relative to the site')
})

t.test('a renamed episode file keeps its published GUID, and the lock follows the new name', async (t) => {
  const dirs = await publishedCopy(t)
  const before = await guidsByTitle(dirs)
  const episodes = path.join(dirs.contentDir, 'episodes')
  await rename(path.join(episodes, 'bonus.md'), path.join(episodes, 'listener-questions.md'))
  const loaded = await loadPublication(dirs)
  t.same(await guidsByTitle(dirs), before, 'same GUIDs after the rename')
  t.match(loaded.warnings.map(formatProblem).join('\n'), /listener-questions\.md: warning: was published as bonus\.md and keeps its GUID/)
  await writePublishedLock(dirs.contentDir, loaded.publishedLock)
  t.match(await readFile(publishedLockPath(dirs.contentDir), 'utf8'), /\tlistener-questions\.md\t/)
  t.same(await guidsByTitle(dirs), before, 'and still the same once the lock names the new file')
})

t.test('a retitled and redated episode keeps its GUID', async (t) => {
  const dirs = await publishedCopy(t)
  const before = await guidsByTitle(dirs)
  await edit(path.join(dirs.contentDir, 'episodes', 'bonus.md'), (text) => text.replace('title: "Bonus: Listener questions"', 'title: Your questions, answered'))
  const after = await guidsByTitle(dirs)
  t.equal(after['Your questions, answered'], before['Bonus: Listener questions'])
})

t.test('refuses a GUID change, naming the file, the old GUID and the new one', async (t) => {
  const dirs = await publishedCopy(t)
  const old = (await guidsByTitle(dirs))['Bonus: Listener questions']!
  await edit(path.join(dirs.contentDir, 'episodes', 'bonus.md'), (text) => text.replace('audio: tone.mp3', 'audio: tone.mp3\nguid: bonus-episode-1'))
  const problems = await problemsOf(dirs)
  t.equal(problems.length, 1)
  t.match(problems[0], /bonus\.md: guid: would change from /)
  t.ok(problems[0]!.includes(`from ${old} (published 2024-01-08T12:00:00.000Z`), 'the old GUID')
  t.ok(problems[0]!.includes(') to bonus-episode-1: '), 'the new GUID')
  t.ok(problems[0]!.endsWith(`set guid: ${old}`), 'and the fix')
})

t.test('refuses a change of the show\'s pinned podcast:guid once episodes are published under it', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const site = path.join(dirs.contentDir, 'site.yaml')
  await edit(site, (text) => `${text}podcast_guid: 8b9c6445-82c5-5764-ba86-00b06c529d94\n`)
  await writePublishedLock(dirs.contentDir, (await loadPublication(dirs)).publishedLock)
  t.match(await readFile(publishedLockPath(dirs.contentDir), 'utf8'), /^podcast-guid\t8b9c6445-82c5-5764-ba86-00b06c529d94$/m)
  await edit(site, (text) => text.replace('podcast_guid: 8b9c6445-82c5-5764-ba86-00b06c529d94', 'podcast_guid: 11111111-2222-5333-8444-555555555555'))
  t.match((await problemsOf(dirs)).join('\n'), /site\.yaml: podcast_guid: would change from [0-9a-f-]{36} \(published, see .*published\.lock\) to 11111111-2222-5333-8444-555555555555/)
})

t.test('refuses a new enclosure URL unless previous_audio_url names the published one', async (t) => {
  const dirs = await publishedCopy(t)
  const bonus = path.join(dirs.contentDir, 'episodes', 'bonus.md')
  await writeFile(path.join(dirs.mediaDir, 'bonus.mp3'), await readFile(path.join(dirs.mediaDir, 'tone.mp3')))
  await edit(bonus, (text) => text.replace('audio: tone.mp3', 'audio: bonus.mp3'))
  t.match((await problemsOf(dirs)).join('\n'), /bonus\.md: audio: the enclosure would change from media\/tone\.mp3 \(published, see .*published\.lock:\d+\) to media\/bonus\.mp3: .*add previous_audio_url: media\/tone\.mp3/)
  await edit(bonus, (text) => text.replace('audio: bonus.mp3', 'audio: bonus.mp3\nprevious_audio_url: https://example.test/media/tone.mp3'))
  const loaded = await loadPublication(dirs)
  t.equal(loaded.publication.episodes.find((episode) => episode.slug === 'bonus')!.audio.url, 'https://example.test/media/bonus.mp3', 'acknowledged: published')
  t.match(formatPublishedLock(loaded.publishedLock), /\tbonus\.md\t[0-9a-f-]+\tmedia\/bonus\.mp3\t/, 'and the lock records the new address')
})

t.test('refuses to drop a published episode from the feed; deleting its lock line unpublishes it', async (t) => {
  const dirs = await publishedCopy(t)
  const lockFile = publishedLockPath(dirs.contentDir)
  await rename(path.join(dirs.contentDir, 'episodes', 'bonus.md'), path.join(dirs.contentDir, 'bonus.md.bak'))
  const problems = await problemsOf(dirs)
  t.equal(problems.length, 1)
  t.match(problems[0], /published\.lock:\d+: bonus\.md \(GUID [0-9a-f-]+, published 2024-01-08T12:00:00\.000Z\) is gone, so it would disappear from the podcast feed .*delete this line to unpublish it on purpose/)
  await edit(lockFile, (text) => text.split('\n').filter((line) => !line.includes('\tbonus.md\t')).join('\n'))
  t.same(await problemsOf(dirs), [], 'unpublished on purpose')
})

t.test('a draft or scheduled episode that was published is refused too, and says why', async (t) => {
  const dirs = await publishedCopy(t)
  await edit(path.join(dirs.contentDir, 'episodes', 'bonus.md'), (text) => text.replace('date: 2024-01-08T12:00:00Z', 'date: 2999-01-08T12:00:00Z'))
  t.match((await problemsOf(dirs)).join('\n'), /bonus\.md \(GUID [0-9a-f-]+, published .*\) is a draft or scheduled now/)
})

t.test('two renamed files with the same audio and date are not guessed: both are refused as gone', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await rm(publishedLockPath(dirs.contentDir), { force: true })
  const episodes = path.join(dirs.contentDir, 'episodes')
  const twin = (title: string) => `---\ntitle: ${title}\ndate: 2024-02-01T12:00:00Z\nsummary: Twins.\naudio: tone.mp3\n---\n`
  await writeFile(path.join(episodes, 'a.md'), twin('A'))
  await writeFile(path.join(episodes, 'b.md'), twin('B'))
  await writePublishedLock(dirs.contentDir, (await loadPublication(dirs)).publishedLock)
  await rename(path.join(episodes, 'a.md'), path.join(episodes, 'c.md'))
  await rename(path.join(episodes, 'b.md'), path.join(episodes, 'd.md'))
  const problems = await problemsOf(dirs)
  t.equal(problems.filter((problem) => / is gone, /.test(problem)).length, 2, problems.join('\n'))
})

t.test('a renamed file that also changed its date is a new episode, and the old one is refused as gone', async (t) => {
  const dirs = await publishedCopy(t)
  const episodes = path.join(dirs.contentDir, 'episodes')
  await rename(path.join(episodes, 'bonus.md'), path.join(episodes, 'questions.md'))
  await edit(path.join(episodes, 'questions.md'), (text) => text.replace('date: 2024-01-08T12:00:00Z', 'date: 2024-01-09T12:00:00Z'))
  t.match((await problemsOf(dirs)).join('\n'), /bonus\.md \(GUID .*\) is gone/)
})

t.test('a GUID set in the renamed file before the rename is matched by that GUID', async (t) => {
  const dirs = await publishedCopy(t)
  const before = await guidsByTitle(dirs)
  const episodes = path.join(dirs.contentDir, 'episodes')
  await edit(path.join(episodes, 'bonus.md'), (text) => text.replace('audio: tone.mp3', `audio: tone.mp3\nguid: ${before['Bonus: Listener questions']!}\ndate: 2024-01-08T12:00:00Z`).replace(/^date: 2024-01-08T12:00:00Z\n/m, ''))
  await rename(path.join(episodes, 'bonus.md'), path.join(episodes, 'renamed-and-redated.md'))
  await edit(path.join(episodes, 'renamed-and-redated.md'), (text) => text.replace('date: 2024-01-08T12:00:00Z', 'date: 2024-01-10T12:00:00Z'))
  t.same(await problemsOf(dirs), [])
  t.same(await guidsByTitle(dirs), before)
})

t.test('validate reads the lock but never writes it; build writes it, and once only', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const lockFile = publishedLockPath(dirs.contentDir)
  await rm(lockFile, { force: true })
  t.equal(await validate(dirs, quiet), 0)
  await t.rejects(readFile(lockFile), { code: 'ENOENT' }, 'validate wrote nothing')
  const printed: string[] = []
  const output = { out: (text: string) => printed.push(text), err: () => {} }
  t.equal(await build({ ...dirs, outDir: await makeTempDir(t, 'out') }, output), 0)
  t.match(printed.join(''), /updated .*published\.lock: commit it with the content/)
  const written = await readFile(lockFile, 'utf8')
  printed.length = 0
  t.equal(await build({ ...dirs, outDir: await makeTempDir(t, 'out') }, output), 0)
  t.notMatch(printed.join(''), /published\.lock/, 'nothing changed, nothing written')
  t.equal(await readFile(lockFile, 'utf8'), written)
})

t.test('a damaged lock line is reported with its line number, and nothing is published', async (t) => {
  const dirs = await publishedCopy(t)
  await edit(publishedLockPath(dirs.contentDir), (text) => `${text}episode\tbroken.md\tonly three fields\n`)
  const problems = await problemsOf(dirs)
  t.match(problems.join('\n'), /published\.lock:\d+: is not a lock line/)
})

t.test('the lock text reads back to the same lock', async (t) => {
  const lock = { podcastGuid: '2d34cc82-de83-517c-8c8d-c22549e89555', entries: [{ kind: 'episode' as const, file: 'w 04.md', guid: 'g-1', enclosure: 'https://cdn.example/w04.mp3', length: 12, firstPublished: new Date('2023-01-27T16:00:00Z') }] }
  const parsed = parsePublishedLock(formatPublishedLock(lock), 'published.lock')
  if (Array.isArray(parsed)) throw new Error('unreadable')
  t.same(parsed.entries.map(({ line, ...entry }) => entry), lock.entries)
  t.equal(parsed.podcastGuid, lock.podcastGuid)
})

t.test('checking a lock of thousands of episodes, with some renamed, stays fast', async (t) => {
  const count = 5000
  const date = (index: number) => new Date(Date.UTC(2000, 0, 1) + index * 86_400_000)
  const entries = Array.from({ length: count }, (_, index) => ({ kind: 'episode' as const, file: `e${index}.md`, guid: `g${index}`, enclosure: `media/e${index}.mp3`, length: 1000 + index, firstPublished: date(index) }))
  const candidates = entries.map((entry, index) => ({
    fileName: index % 10 === 0 ? `renamed-${index}.md` : entry.file,
    file: `content/episodes/${entry.file}`,
    guid: `derived-${index}`,
    explicitGuid: false,
    enclosure: entry.enclosure,
    length: entry.length,
    date: entry.firstPublished
  }))
  const started = performance.now()
  const checked = checkPublishedLock({ podcastGuid: 'p', entries }, 'p', candidates, 'published.lock', 'site.yaml')
  const elapsed = performance.now() - started
  t.same(checked.problems, [])
  t.equal(checked.renamed.length, count / 10)
  t.equal(checked.guids.get('renamed-0.md'), 'g0')
  t.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`)
})

t.test('a show without a pinned podcast_guid served under another address keeps its published episode GUIDs', async (t) => {
  const dirs = await publishedCopy(t)
  const before = await guidsByTitle(dirs)
  const moved = await loadPublication({ ...dirs, baseUrl: 'https://preview.example/' })
  t.same(Object.fromEntries(moved.publication.episodes.map((episode) => [episode.title, episode.guid])), before)
  t.equal(formatPublishedLock(moved.publishedLock), await readFile(publishedLockPath(dirs.contentDir), 'utf8'), 'and the lock does not change')
})
