import { execFile } from 'node:child_process'
import { mkdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { createContentPublisher } from '../../src/live/content-publisher.ts'
import { createLivePublisher, publishFirstSnapshot } from '../../src/live/live-publisher.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication, type TestWithTeardown } from '../helpers.ts'

// Every way editors and tools change files reaches the feeds, every time: the watcher follows
// folders, not file handles, and what was published is compared with the disk afterwards.

const exec = promisify(execFile)
const silent = { info: () => {}, warn: () => {}, error: () => {} }

async function startWatching (t: TestWithTeardown) {
  const dirs = await copyPublication(t, 'minimal')
  const publisher = createContentPublisher(dirs)
  const first = await publishFirstSnapshot(publisher, dirs, new Date())
  if (first.snapshot === undefined) throw new Error('the fixture does not publish')
  const store = createSnapshotStore(first.snapshot)
  const app = await buildApp({ store })
  const live = createLivePublisher({ publication: dirs, publisher, store, log: silent })
  await live.watch({ quietMs: 100, maxWaitMs: 2000 })
  t.teardown(async () => {
    live.close()
    await app.close()
  })
  /** Waits until the RSS feed satisfies `test`, for at most 15 s. */
  const feedShows = async (test: (feed: string) => boolean): Promise<boolean> => {
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      if (test((await app.inject({ url: '/feed.xml' })).body)) return true
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return false
  }
  const health = async () => (await app.inject({ url: '/health' })).json()
  const second = path.join(dirs.contentDir, 'issues', 'second.md')
  const retitled = async (title: string) => (await readFile(second, 'utf8')).replace(/^title: .*$/m, `title: ${title}`)
  return { dirs, feedShows, health, second, retitled }
}

t.test('saves that write a new file and rename it over the old one are all published, not only the first', async (t) => {
  const { feedShows, health, second, retitled } = await startWatching(t)
  for (let round = 1; round <= 4; round++) {
    const temporary = `${second}.tmp-${round}`
    await writeFile(temporary, await retitled(`Renamed over, round ${round}`))
    await rename(temporary, second)
    t.ok(await feedShows((feed) => feed.includes(`<title>Renamed over, round ${round}</title>`)), `round ${round} is published`)
  }
  t.equal((await health()).status, 'ok')
})

t.test('sed -i edits of an issue and of site.yaml are all published', async (t) => {
  const { dirs, feedShows, second } = await startWatching(t)
  for (let round = 1; round <= 3; round++) {
    await exec('sed', ['-i', `s/^title: .*/title: Edited by sed ${round}/`, second])
    t.ok(await feedShows((feed) => feed.includes(`<title>Edited by sed ${round}</title>`)), `issue edit ${round}`)
    await exec('sed', ['-i', `s/^title: .*/title: Weekly by sed ${round}/`, path.join(dirs.contentDir, 'site.yaml')])
    t.ok(await feedShows((feed) => feed.includes(`<title>Weekly by sed ${round}</title>`)), `site.yaml edit ${round}`)
  }
})

t.test('an editor that keeps a swap file and a backup (vim\'s pattern) is published every time', async (t) => {
  const { feedShows, second, retitled } = await startWatching(t)
  for (let round = 1; round <= 3; round++) {
    const swap = path.join(path.dirname(second), '.second.md.swp')
    await writeFile(swap, 'swap')
    const text = await retitled(`Saved by an editor ${round}`)
    await rename(second, `${second}~`)
    await writeFile(second, text)
    await unlink(`${second}~`)
    await unlink(swap)
    t.ok(await feedShows((feed) => feed.includes(`<title>Saved by an editor ${round}</title>`)), `save ${round}`)
  }
})

t.test('a git checkout of another branch, and back, is published', async (t) => {
  const { dirs, feedShows, second, retitled } = await startWatching(t)
  const git = async (...args: string[]) => await exec('git', ['-c', 'user.email=test@example.test', '-c', 'user.name=Test', ...args], { cwd: dirs.contentDir })
  await git('init', '-q', '-b', 'main')
  await git('add', '-A')
  await git('commit', '-q', '-m', 'first')
  await git('checkout', '-q', '-b', 'next')
  await writeFile(second, await retitled('On the next branch'))
  await writeFile(path.join(dirs.contentDir, 'issues', 'third.md'), '---\ntitle: Only on next\ndate: 2024-01-19T09:00:00Z\nsummary: Next.\n---\nText.\n')
  await git('add', '-A')
  await git('commit', '-q', '-m', 'next')
  t.ok(await feedShows((feed) => feed.includes('On the next branch') && feed.includes('Only on next')))
  await git('checkout', '-q', 'main')
  t.ok(await feedShows((feed) => !feed.includes('On the next branch') && !feed.includes('Only on next')), 'back on main')
})

t.test('a folder deleted and created again is watched again', async (t) => {
  const { dirs, feedShows, health } = await startWatching(t)
  const issues = path.join(dirs.contentDir, 'issues')
  const saved = await Promise.all(['first.md', 'second.md'].map(async (name) => [name, await readFile(path.join(issues, name), 'utf8')] as const))
  await rm(issues, { recursive: true })
  await mkdir(issues)
  for (const [name, text] of saved) await writeFile(path.join(issues, name), text)
  await writeFile(path.join(issues, 'third.md'), '---\ntitle: After the folder came back\ndate: 2024-01-19T09:00:00Z\nsummary: Back.\n---\nText.\n')
  t.ok(await feedShows((feed) => feed.includes('After the folder came back')))
  await writeFile(path.join(issues, 'fourth.md'), '---\ntitle: And later still\ndate: 2024-01-26T09:00:00Z\nsummary: Later.\n---\nText.\n')
  t.ok(await feedShows((feed) => feed.includes('And later still')), 'an edit in the new folder')
  t.equal((await health()).status, 'ok')
})
