import { readFile, utimes, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication } from '../helpers.ts'

// A server started afresh knows no earlier version. Its Last-Modified must still never be earlier
// than the last edit, or a poller that sends only If-Modified-Since, holding the bytes from before
// the edit, is told that nothing changed.
t.test('a server started after an edit that changes no date dates the feeds no earlier than the edit', async (t) => {
  const dirs = await copyPublication(t, 'sample')
  const serveFresh = async () => {
    const { snapshot } = await loadSnapshot(dirs, { now: new Date() })
    const app = await buildApp({ store: createSnapshotStore(snapshot), logger: false })
    t.teardown(async () => await app.close())
    return app
  }
  const issue = path.join(dirs.contentDir, 'issues', '2023-01-27-was-chatgpt-a-good-idea.md')
  // Every file as old as the newest date in the content: then that date is what a first start shows.
  const old = new Date('2023-01-27T00:00:00Z')
  for (const file of [issue, path.join(dirs.contentDir, 'site.yaml'), path.join(dirs.contentDir, 'episodes', 'w04.md'), path.join(dirs.contentDir, 'episodes', 'trailer.md')]) await utimes(file, old, old)
  const before = await (await serveFresh()).inject({ url: '/feed.xml' })

  await writeFile(issue, (await readFile(issue, 'utf8')).replace(/^title: .*$/m, 'title: "Retitled, with no date changed"'))
  const editedAt = Date.now()
  const after = await serveFresh()
  const response = await after.inject({ url: '/feed.xml' })
  t.not(response.headers.etag, before.headers.etag, 'the bytes changed')
  t.ok(Date.parse(response.headers['last-modified'] as string) >= Math.floor(editedAt / 1000) * 1000 - 1000, 'Last-Modified is the time of the edit, not an older content date')
  const conditional = await after.inject({ url: '/feed.xml', headers: { 'if-modified-since': before.headers['last-modified'] as string } })
  t.equal(conditional.statusCode, 200, 'a poller holding the old bytes gets the new ones')
  t.match(conditional.body, 'Retitled, with no date changed')
})
