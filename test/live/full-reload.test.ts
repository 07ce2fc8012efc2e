import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { createContentPublisher, FULL_LOAD_EVERY, type PublishOutcome } from '../../src/live/content-publisher.ts'
import { copyPublication } from '../helpers.ts'

// A live server reads again only the files its watcher names. Should the watcher miss a change
// (and the comparison with the disk after each publish miss it too), a publish of everything
// comes every so often all the same, so nothing stays stale for ever.

const NOW = new Date('2030-01-01T00:00:00Z')

function titleOnPage (outcome: PublishOutcome): string | undefined {
  if (!outcome.ok) throw new Error('the fixture does not publish')
  return /<h1>([^<]*)<\/h1>/.exec(outcome.published.files.get('/issues/first/')!.representations.identity.body!.toString())?.[1]
}

t.test(`a change no publish was told of is published by the ${FULL_LOAD_EVERY}th publish after the last of everything`, async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const publisher = createContentPublisher(dirs)
  t.teardown(async () => { await publisher.close() })
  t.equal(titleOnPage(await publisher.publish(NOW)), 'The first issue', 'as first read')
  const first = path.join(dirs.contentDir, 'issues', 'first.md')
  await writeFile(first, (await readFile(first, 'utf8')).replace('title: The first issue', 'title: Renamed quietly'))
  const told = new Set([path.join(dirs.contentDir, 'issues', 'second.md')])
  const titles: Array<string | undefined> = []
  for (let n = 1; n <= FULL_LOAD_EVERY; n++) titles.push(titleOnPage(await publisher.publish(NOW, told)))
  t.same(titles.slice(0, -1), Array.from({ length: FULL_LOAD_EVERY - 1 }, () => 'The first issue'), 'the publishes told of other files take it as they read it')
  t.equal(titles.at(-1), 'Renamed quietly', `the ${FULL_LOAD_EVERY}th reads everything`)
  t.equal(titleOnPage(await publisher.publish(NOW, new Set())), 'Renamed quietly', 'and the next ones take it as it is now')
})

t.test('after a publish that took the episodes as they were, a change to a media file they use is still found by comparing with the disk', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const publisher = createContentPublisher(dirs)
  t.teardown(async () => { await publisher.close() })
  await publisher.publish(NOW)
  for (let n = 1; n <= 2; n++) t.ok((await publisher.publish(NOW, new Set([path.join(dirs.contentDir, 'issues', 'second.md')]))).ok, 'a publish told of another file')
  const transcript = path.join(dirs.mediaDir, 'first.vtt')
  await writeFile(transcript, (await readFile(transcript, 'utf8')).replace('That is all for today.', 'That is all, changed quietly.'))
  t.same(await publisher.changedSinceRead(), [transcript], 'the transcript the episode was made of is found changed')
})
