import { appendFile, copyFile, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { encodeBody } from '../../src/publish/encode.ts'
import type { Clock } from '../../src/live/clock.ts'
import { createContentPublisher, type ContentPublisher } from '../../src/live/content-publisher.ts'
import { createLivePublisher, publishFirstSnapshot, type ReloadOutcome } from '../../src/live/live-publisher.ts'
import type { PublishedFile } from '../../src/publish/publish.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication, createManualClock, type TestWithTeardown } from '../helpers.ts'

const silent = { info: () => {}, warn: () => {}, error: () => {} }

/** A running server over a copy of the minimal fixture, with a live publisher the test drives. */
async function startLive (t: TestWithTeardown, clock?: Clock, wrap: (publisher: ContentPublisher) => ContentPublisher = (publisher) => publisher) {
  const dirs = await copyPublication(t, 'minimal')
  const publisher = wrap(createContentPublisher(dirs))
  const first = await publishFirstSnapshot(publisher, dirs, clock?.now() ?? new Date())
  if (first.snapshot === undefined) throw new Error('the fixture does not publish')
  const store = createSnapshotStore(first.snapshot)
  const app = await buildApp({ store })
  const outcomes: ReloadOutcome[] = []
  const changed: Array<readonly PublishedFile[]> = []
  let waiting: Array<(outcome: ReloadOutcome) => void> = []
  let waitingRefined: Array<() => void> = []
  const live = createLivePublisher({
    publication: dirs,
    publisher,
    store,
    clock,
    log: silent,
    onFeedsChanged: (feeds) => changed.push(feeds),
    onRefined: () => {
      for (const resolve of waitingRefined) resolve()
      waitingRefined = []
    },
    onReload: (outcome) => {
      outcomes.push(outcome)
      for (const resolve of waiting) resolve(outcome)
      waiting = []
    }
  })
  t.teardown(async () => {
    live.close()
    await app.close()
  })
  const nextReload = async (): Promise<ReloadOutcome> => await new Promise((resolve) => { waiting.push(resolve) })
  // The live publisher's timers do not keep a process alive; this one does, and fails a test that waits in vain.
  const nextRefined = async (): Promise<void> => await new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the feeds were never compressed again')), 10_000)
    waitingRefined.push(() => {
      clearTimeout(timeout)
      resolve()
    })
  })
  const get = async (url: string, headers: Record<string, string> = {}) => await app.inject({ url, headers })
  const issueFile = (name: string) => path.join(dirs.contentDir, 'issues', name)
  return { dirs, live, publisher, first, store, outcomes, changed, nextReload, nextRefined, get, issueFile }
}

const issue = (title: string, date: string, body = 'Body.') => `---\ntitle: ${title}\ndate: ${date}\nsummary: About ${title}.\n---\n${body}\n`

t.test('serves an edited issue after a reload; feeds whose bytes did not change keep their ETag', async (t) => {
  const { live, get, issueFile } = await startLive(t)
  const before = Object.fromEntries(await Promise.all(['/feed.xml', '/podcast.xml', '/issues/first/', '/issues/second/', '/tags/testing/'].map(async (url) => [url, (await get(url)).headers.etag])))
  const text = await readFile(issueFile('second.md'), 'utf8')
  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: The second issue, corrected'))
  t.match(await live.reload('test'), { status: 'published' })
  const feed = await get('/feed.xml')
  t.match(feed.body, '<title>The second issue, corrected</title>')
  t.not(feed.headers.etag, before['/feed.xml'])
  t.not((await get('/issues/second/')).headers.etag, before['/issues/second/'])
  t.equal((await get('/podcast.xml')).headers.etag, before['/podcast.xml'], 'the podcast feed does not carry that issue')
  t.not((await get('/issues/first/')).headers.etag, before['/issues/first/'], 'the first issue\'s page names its next issue by the new title')
  t.equal((await get('/tags/testing/')).headers.etag, before['/tags/testing/'], 'a page that does not show the issue keeps its ETag')
})

t.test('serves an edit uncompressed at once, then, once quiet, compressed as hard as each file deserves under ETags of its own', async (t) => {
  const { live, publisher, first, changed, nextRefined, get, issueFile } = await startLive(t)
  t.notOk([...first.snapshot.published.files.values()].some((file) => file.quick), 'a first start serves final bytes only')
  const text = await readFile(issueFile('second.md'), 'utf8')
  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: The second issue, corrected'))
  // A tag feed deserves less than the main feeds: it is refined to the settings a build gives it.
  const tagged = await readFile(issueFile('first.md'), 'utf8')
  await writeFile(issueFile('first.md'), tagged.replace('title: The first issue', 'title: The first issue, corrected'))
  const feeds = [{ path: '/feed.xml', effort: 'max', title: 'The second issue, corrected' }, { path: '/tags/testing/feed.xml', effort: 'fast', title: 'The first issue, corrected' }] as const
  const refined = nextRefined()
  t.match(await live.reload('test'), { status: 'published' })
  const edited = await Promise.all(feeds.map(async (feed) => {
    const identity = await get(feed.path)
    t.match(identity.body, `<title>${feed.title}</title>`)
    for (const encoding of ['br', 'gzip', 'gzip, deflate, br']) {
      const served = await get(feed.path, { 'accept-encoding': encoding })
      const at = `${feed.path} asked for ${encoding}`
      t.equal(served.headers['content-encoding'], undefined, `${at}: the edit is served at once, not compressed yet`)
      t.same(served.rawPayload, identity.rawPayload, `${at}: the feed's own bytes`)
      t.equal(served.headers.etag, identity.headers.etag, `${at}: under their own ETag`)
      t.match(served.headers.vary, 'Accept-Encoding', `${at}: a cache still knows the answer depends on Accept-Encoding`)
    }
    return { ...feed, identity }
  }))

  await refined
  for (const feed of edited) {
    for (const [encoding, decode] of [['br', brotliDecompressSync], ['gzip', gunzipSync]] as const) {
      const at = `${feed.path} ${encoding}`
      const served = await get(feed.path, { 'accept-encoding': encoding })
      t.equal(served.headers['content-encoding'], encoding, `${at}: compressed once the edits stop`)
      t.equal(served.headers.etag, feed.identity.headers.etag?.replace(/"$/, `-${encoding}"`), `${at}: under an ETag of its own`)
      t.equal(served.headers['last-modified'], feed.identity.headers['last-modified'], `${at}: the same version, modified when the edit was published`)
      t.same(decode(served.rawPayload), feed.identity.rawPayload, `${at}: decodes to the same feed`)
      t.same(served.rawPayload, (await encodeBody(feed.identity.rawPayload, feed.effort))[encoding].body, `${at}: compressed exactly as a build compresses it`)
    }
    t.equal((await get(feed.path)).headers.etag, feed.identity.headers.etag, `${feed.path}: the identity bytes keep their ETag`)
  }
  t.equal(changed.length, 1, 'subscribers hear of the edit once, not again when it is compressed')
  t.equal(await publisher.refine(), undefined, 'nothing is left to refine')
  t.match(await live.reload('nothing changed'), { status: 'unchanged' })
  t.equal((await get('/feed.xml', { 'accept-encoding': 'br' })).headers['content-encoding'], 'br')
})

t.test('a burst of edits is published edit by edit without waiting for the compression of each', async (t) => {
  const { live, nextRefined, get, issueFile } = await startLive(t)
  const refined = nextRefined()
  const text = await readFile(issueFile('second.md'), 'utf8')
  for (let n = 1; n <= 3; n++) {
    await writeFile(issueFile('second.md'), text.replace('title: The second issue', `title: Edit ${n}`))
    t.match(await live.reload('test'), { status: 'published' })
    const served = await get('/feed.xml', { 'accept-encoding': 'br' })
    t.equal(served.headers['content-encoding'], undefined, `edit ${n} is served at once, uncompressed`)
    t.match(served.body, `<title>Edit ${n}</title>`)
  }
  await refined
  const served = await get('/feed.xml', { 'accept-encoding': 'br' })
  t.equal(served.headers['content-encoding'], 'br', 'the last edit is compressed as hard as it deserves once the edits stop')
  t.match(brotliDecompressSync(served.rawPayload).toString(), '<title>Edit 3</title>')
  t.match(served.headers.etag, /-br"$/)
})

t.test('an edit made while the last one is being compressed is published without waiting for that compression', async (t) => {
  const clock = createManualClock(new Date('2024-02-01T09:00:00Z'))
  let refineStarted = (): void => {}
  let release = (): void => {}
  const held = new Promise<void>((resolve) => { release = resolve })
  let refines = 0
  // The first refine is the first start's; the second is held, as brotli 11 on a large feed holds it.
  const { live, nextRefined, get, issueFile } = await startLive(t, clock, (publisher) => ({
    ...publisher,
    refine: async () => {
      if (++refines === 2) {
        refineStarted()
        await held
      }
      return await publisher.refine()
    }
  }))
  const text = await readFile(issueFile('second.md'), 'utf8')
  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: Edit 1'))
  t.match(await live.reload('test'), { status: 'published' })
  const started = new Promise<void>((resolve) => { refineStarted = resolve })
  clock.advanceTo(new Date('2024-02-01T09:00:02Z'))
  await started

  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: Edit 2'))
  const waited = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 5000).unref())
  const outcome = await Promise.race([live.reload('test'), waited])
  if (outcome === 'waited') release()
  t.match(outcome, { status: 'published' }, 'published while the compression of edit 1 still runs')
  t.match((await get('/feed.xml', { 'accept-encoding': 'br' })).body, '<title>Edit 2</title>')

  const refined = nextRefined()
  release()
  clock.advanceTo(new Date('2024-02-01T09:00:04Z'))
  await refined
  const served = await get('/feed.xml', { 'accept-encoding': 'br' })
  t.equal(served.headers['content-encoding'], 'br')
  t.match(brotliDecompressSync(served.rawPayload).toString(), '<title>Edit 2</title>', 'what is compressed in the end is the last edit')
})

t.test('a compression of the version before a publish is never served after it', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const publisher = createContentPublisher(dirs)
  await publishFirstSnapshot(publisher, dirs, new Date())
  const file = path.join(dirs.contentDir, 'issues', 'second.md')
  const text = await readFile(file, 'utf8')
  await writeFile(file, text.replace('title: The second issue', 'title: Edit 1'))
  const first = await publisher.publish(new Date(), new Set([file]))
  t.ok(first.ok && [...first.published.files.values()].some((each) => each.quick !== undefined), 'edit 1 is served uncompressed at first')
  await writeFile(file, text.replace('title: The second issue', 'title: Edit 2'))
  // The publish takes its turn first; the refine starts on the version it then finds, edit 1's.
  const publishing = publisher.publish(new Date(), new Set([file]))
  const refining = publisher.refine()
  const second = await publishing
  t.equal(await refining, undefined, 'edit 1, compressed while edit 2 was published, is dropped')
  if (!second.ok) throw new Error('the edit does not publish')
  const refined = await publisher.refine()
  t.equal(refined?.version, second.published.version, 'the next refine compresses edit 2')
  t.match(refined?.files.get('/feed.xml')?.representations.br.etag, /-br"$/)
})

t.test('adds a new issue and removes a deleted one', async (t) => {
  const { live, get, issueFile } = await startLive(t)
  await writeFile(issueFile('third.md'), issue('The third issue', '2024-01-19T09:00:00Z'))
  await live.reload('test')
  t.match((await get('/feed.xml')).body, '<title>The third issue</title>')
  t.equal((await get('/issues/third/')).statusCode, 200)
  await rm(issueFile('second.md'))
  await live.reload('test')
  const body = (await get('/feed.xml')).body
  t.notMatch(body, 'The second issue')
  t.match(body, 'The third issue')
  t.equal((await get('/issues/second/')).statusCode, 404)
})

t.test('keeps serving the last good feed when an issue file breaks, says why on /health, and recovers when fixed', async (t) => {
  const { live, get, issueFile } = await startLive(t)
  const good = await get('/feed.xml')
  const text = await readFile(issueFile('second.md'), 'utf8')
  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: "The second issue'))
  const outcome = await live.reload('test')
  t.match(outcome, { status: 'broken', problems: [/second\.md:\d+: malformed YAML/] })
  const during = await get('/feed.xml')
  t.equal(during.body, good.body, 'the previous bytes')
  t.equal(during.headers.etag, good.headers.etag, 'the previous ETag')
  const health = (await get('/health')).json()
  t.match(health, { status: 'degraded', version: (await get('/health')).json().version, contentBroken: { since: String, problems: [/second\.md/] } })
  await live.reload('still broken')
  t.equal((await get('/health')).json().contentBroken.since, health.contentBroken.since, 'since when: the first failure')

  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: The second issue, fixed'))
  t.match(await live.reload('test'), { status: 'published' })
  t.match((await get('/feed.xml')).body, 'The second issue, fixed')
  t.match((await get('/health')).json(), { status: 'ok', contentBroken: undefined })
})

t.test('a reload that fails for another reason than the content is tried again, less and less often, until it succeeds', async (t) => {
  const clock = createManualClock(new Date())
  const start = clock.now().getTime()
  const attempts: number[] = []
  let failing = false
  const { live, get, issueFile, nextReload } = await startLive(t, clock, (publisher) => ({
    ...publisher,
    publish: async (now) => {
      if (!failing) return await publisher.publish(now)
      attempts.push(clock.now().getTime() - start)
      // As when the publishing thread dies: the next publish starts another one.
      if (attempts.length <= 2) throw new Error('the publishing thread stopped (exit code 1)')
      return await publisher.publish(now)
    }
  }))
  failing = true
  const text = await readFile(issueFile('second.md'), 'utf8')
  await writeFile(issueFile('second.md'), text.replace('title: The second issue', 'title: The second issue, published at last'))
  await t.rejects(live.reload('test'), /publishing thread stopped/)
  const settle = async (): Promise<void> => { for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve)) }
  clock.advanceTo(new Date(start + 999))
  await settle()
  t.same(attempts, [0], 'not tried again at once')
  clock.advanceTo(new Date(start + 1000))
  await settle()
  t.same(attempts, [0, 1000], 'tried again after a second')
  clock.advanceTo(new Date(start + 2999))
  await settle()
  t.same(attempts, [0, 1000], 'then waits longer')
  const published = nextReload()
  clock.advanceTo(new Date(start + 3000))
  t.match(await published, { status: 'published' })
  t.same(attempts, [0, 1000, 3000])
  t.match((await get('/issues/second/')).body, 'The second issue, published at last')
})

t.test('a missing audio file leaves the previous version in place', async (t) => {
  const { live, dirs, get } = await startLive(t)
  const good = await get('/podcast.xml')
  await rm(path.join(dirs.mediaDir, 'tone.mp3'))
  t.match(await live.reload('test'), { status: 'broken', problems: [/audio: "tone\.mp3" not found under media\//] })
  t.equal((await get('/podcast.xml')).headers.etag, good.headers.etag)
})

// media/ is indexed while the publishing thread works, with the types the served version gave its
// media (live-publisher.ts): a publish that names media anew must still serve them with the types
// it read from their bytes, not with what their names suggest.
t.test('audio named anew in a reload is served with the type read from its bytes', async (t) => {
  const { live, dirs, get } = await startLive(t)
  await copyFile(path.join(dirs.mediaDir, 'tone.mp3'), path.join(dirs.mediaDir, 'tone.bin'))
  const bonus = await readFile(path.join(dirs.contentDir, 'episodes', 'bonus.md'), 'utf8')
  await writeFile(path.join(dirs.contentDir, 'episodes', 'second-bonus.md'), bonus.replace('audio: tone.mp3', 'audio: tone.bin').replace('Bonus: Listener questions', 'Second bonus').replace('2024-01-08', '2024-01-09'))
  t.match(await live.reload('test'), { status: 'published' })
  const response = await get('/media/tone.bin')
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'audio/mpeg')
  t.match((await get('/podcast.xml')).body, /<enclosure url="[^"]*\/media\/tone\.bin"[^>]*type="audio\/mpeg"/)
})

t.test('a reload re-reads only the file that changed', async (t) => {
  const { live, issueFile } = await startLive(t)
  await appendFile(issueFile('second.md'), '\nOne more line.\n')
  const outcome = await live.reload('test')
  t.match(outcome, { status: 'published', reread: { content: 1, markdown: 1 } })
  if (outcome.status === 'published') {
    t.equal(outcome.reread.audio, undefined, 'the audio is not parsed again')
    t.equal(outcome.reread.image, undefined, 'the artwork is not read again')
  }
  t.match(await live.reload('nothing changed'), { status: 'unchanged' })
})

t.test('after a burst of writes a publish is told which files changed, and the feeds show each of them', async (t) => {
  const told: Array<ReadonlySet<string> | undefined> = []
  const { live, nextReload, get, issueFile } = await startLive(t, undefined, (publisher) => ({
    ...publisher,
    publish: async (now, changed) => {
      told.push(changed)
      return await publisher.publish(now, changed)
    }
  }))
  await live.watch({ quietMs: 200, maxWaitMs: 10_000 })
  const reloaded = nextReload()
  await writeFile(issueFile('second.md'), (await readFile(issueFile('second.md'), 'utf8')).replace(/^title: .*$/m, 'title: Named by the watcher'))
  await writeFile(issueFile('third.md'), issue('A third one', '2024-02-01T09:00:00Z'))
  t.match(await reloaded, { status: 'published', reread: { content: 2 } })
  t.equal(told[0], undefined, 'the first publish reads everything')
  const named = told.at(-1)
  t.ok(named?.has(path.resolve(issueFile('second.md'))) === true && named.has(path.resolve(issueFile('third.md'))), `told ${[...named ?? []].join(', ')}`)
  const body = (await get('/feed.xml')).body
  t.match(body, '<title>Named by the watcher</title>')
  t.match(body, '<title>A third one</title>')
})

t.test('an edit made before the watcher was watching is found and published once it watches', async (t) => {
  const { live, nextReload, get, issueFile } = await startLive(t)
  await writeFile(issueFile('second.md'), (await readFile(issueFile('second.md'), 'utf8')).replace(/^title: .*$/m, 'title: Before the watch'))
  const reloaded = nextReload()
  await live.watch({ quietMs: 100, maxWaitMs: 10_000 })
  t.match(await reloaded, { status: 'published' })
  t.match((await get('/feed.xml')).body, '<title>Before the watch</title>')
})

t.test('a burst of writes gives one reload, shortly after it ends', async (t) => {
  const { live, outcomes, nextReload, get, issueFile } = await startLive(t)
  await live.watch({ quietMs: 400, maxWaitMs: 10_000 })
  const reloaded = nextReload()
  for (let n = 1; n <= 8; n++) {
    await writeFile(issueFile(`burst-${n}.md`), issue(`Burst ${n}`, `2024-02-0${n}T09:00:00Z`))
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  t.match(await reloaded, { status: 'published' })
  await new Promise((resolve) => setTimeout(resolve, 1000))
  t.equal(outcomes.length, 1, 'one reload for eight files')
  const body = (await get('/feed.xml')).body
  for (let n = 1; n <= 8; n++) t.match(body, `<title>Burst ${n}</title>`)
})

t.test('a scheduled issue appears at its time, without a request or a file change', async (t) => {
  const clock = createManualClock(new Date('2024-01-20T00:00:00Z'))
  const live = await startLive(t, clock)
  await writeFile(live.issueFile('later.md'), issue('Not yet', '2024-02-01T09:00:00Z'))
  const first = await live.live.reload('test')
  t.match(first, { status: 'unchanged' }, 'a future issue changes nothing yet')
  t.notMatch((await live.get('/feed.xml')).body, 'Not yet')
  t.equal(clock.pending, 1, 'a publish is scheduled')
  const reloaded = live.nextReload()
  clock.advanceTo(new Date('2024-02-01T09:00:00Z'))
  t.match(await reloaded, { status: 'published' })
  t.match((await live.get('/feed.xml')).body, '<title>Not yet</title>')
  t.equal(clock.pending, 1, 'the stronger compression of the changed feeds is scheduled')
  const refined = live.nextRefined()
  clock.advanceTo(new Date('2024-02-01T09:00:01Z'))
  await refined
  t.equal(clock.pending, 0, 'nothing else is scheduled')
})

t.test('tells the notifier only about feeds whose bytes changed', async (t) => {
  const { live, changed, issueFile } = await startLive(t)
  await writeFile(issueFile('second.md'), issue('The second issue, rewritten', '2024-01-12T09:00:00+02:00'))
  await live.reload('test')
  t.same(changed.map((feeds) => feeds.map((feed) => feed.path).sort()), [['/atom.xml', '/feed.json', '/feed.xml']])
  await live.reload('nothing changed')
  t.equal(changed.length, 1, 'nothing for an unchanged publish')
})
