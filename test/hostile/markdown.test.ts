import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { LIMITS } from '../../src/content/limits.ts'
import { createContentPublisher } from '../../src/live/content-publisher.ts'
import { createLivePublisher, publishFirstSnapshot } from '../../src/live/live-publisher.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { attemptLoad, episodeFile, errorsOf, hostilePublication, issueFile, unclearLines } from './hostile-publication.ts'

const nestedList = (levels: number) => Array.from({ length: levels }, (_, level) => `${'  '.repeat(level)}- item ${level}`).join('\n')

/** Loads and returns the errors, failing the test when loading takes longer than a person would wait. */
async function quickErrorsOf (t: { ok: (value: boolean, message: string) => void }, dirs: Parameters<typeof errorsOf>[0]) {
  const started = Date.now()
  const errors = await errorsOf(dirs)
  t.ok(Date.now() - started < 4000, `loaded in ${Date.now() - started} ms`)
  return errors
}

t.test('refuses a body of 2,000 ">" with a problem naming the file, instead of a stack overflow', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/quotes.md': issueFile({}, '>'.repeat(2000)) })
  const errors = await quickErrorsOf(t, dirs)
  t.match(errors, [{ file: /quotes\.md$/, field: 'body', message: /nested more than 20 levels deep/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses 400 levels of nested lists in seconds, not minutes', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/lists.md': issueFile({}, nestedList(400)) })
  t.match(await quickErrorsOf(t, dirs), [{ file: /lists\.md$/, field: 'body', message: /nested/ }])
})

t.test('refuses thousands of levels of nested emphasis', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/emphasis.md': issueFile({}, `${'*a '.repeat(3000)}b${' a*'.repeat(3000)}`) })
  t.match(await quickErrorsOf(t, dirs), [{ file: /emphasis\.md$/, field: 'body', message: /nested/ }])
})

t.test('names the episode whose show notes nest too deeply', async (t) => {
  const dirs = await hostilePublication(t, { 'content/episodes/notes.md': episodeFile({}, '> '.repeat(1000)) })
  t.match(await quickErrorsOf(t, dirs), [{ file: /notes\.md$/, field: 'body', message: /nested/ }])
})

t.test('renders nesting up to the limit, blockquotes in lists in blockquotes', async (t) => {
  const levels = LIMITS.markdownNesting
  const body = `${'> '.repeat(levels / 2)}${nestedList(levels / 2)}\n`
  const dirs = await hostilePublication(t, { 'content/issues/deep-but-fine.md': issueFile({}, body) })
  const { loaded, errors } = await attemptLoad(dirs)
  t.same(errors, [])
  const html = loaded!.publication.issues.find((issue) => issue.slug === 'deep-but-fine')!.html
  t.equal(html.match(/<blockquote>/g)?.length, levels / 2)
  t.equal(html.match(/<ul>/g)?.length, levels / 2)
})

t.test('serve keeps the last good version and its health report names the file', async (t) => {
  const dirs = await hostilePublication(t)
  const publisher = createContentPublisher(dirs)
  const store = createSnapshotStore((await publishFirstSnapshot(publisher, dirs, new Date())).snapshot!)
  const app = await buildApp({ store })
  const live = createLivePublisher({ publication: dirs, publisher, store, log: { info: () => {}, warn: () => {}, error: () => {} } })
  t.teardown(async () => await app.close())
  await writeFile(path.join(dirs.contentDir, 'issues', 'quotes.md'), issueFile({}, '>'.repeat(2000)))
  t.match(await live.reload('test'), { status: 'broken' })
  const health = JSON.parse((await app.inject({ url: '/health' })).body)
  t.equal(health.status, 'degraded')
  t.match(health.contentBroken.problems, [/content\/issues\/quotes\.md: body: .*nested/])
})
