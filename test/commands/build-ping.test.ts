import { appendFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { Agent } from 'undici'
import { build } from '../../src/commands/build.ts'
import { copyPublication, makeTempDir } from '../helpers.ts'
import { startHub } from '../hub.ts'

t.test('build --ping notifies the hub of the feeds whose files changed, and only those', async (t) => {
  const hub = await startHub(t)
  const dirs = await copyPublication(t, 'minimal')
  await appendFile(path.join(dirs.contentDir, 'site.yaml'), `hubs:\n  - ${hub.url}\n`)
  const outDir = await makeTempDir(t, 'out')
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
  t.teardown(async () => await dispatcher.close())
  let printed = ''
  const output = { out: (text: string) => { printed += text }, err: (text: string) => { printed += text } }
  const run = async () => await build({ ...dirs, outDir, ping: true, dispatcher }, output)
  const pinged = () => hub.received.splice(0).map((request) => request.form['hub.url']).sort()

  t.equal(await run(), 0)
  t.same(pinged(), [
    'https://example.test/atom.xml', 'https://example.test/feed.json', 'https://example.test/feed.xml', 'https://example.test/podcast.xml',
    ...['feeds', 'testing'].flatMap((tag) => ['atom.xml', 'feed.json', 'feed.xml'].map((file) => `https://example.test/tags/${tag}/${file}`))
  ], 'a first build announces every feed, the tags\' too')
  t.match(printed, 'notified 10 of 10 (10 changed feeds)')

  t.equal(await run(), 0)
  t.same(pinged(), [], 'the same files again: nothing to announce')
  t.match(printed, 'no feed changed: nothing to ping')

  await writeFile(path.join(dirs.contentDir, 'issues', 'third.md'), '---\ntitle: Third\ndate: 2024-01-19T09:00:00Z\nsummary: The third.\n---\nText.\n')
  t.equal(await run(), 0)
  t.same(pinged(), ['https://example.test/atom.xml', 'https://example.test/feed.json', 'https://example.test/feed.xml'], 'an issue without an episode leaves the podcast feed alone')
})
