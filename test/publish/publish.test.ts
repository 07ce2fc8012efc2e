import { readFile, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { outputs } from '../../src/publish/outputs.ts'
import { publish } from '../../src/publish/publish.ts'
import { loadFixture, ROOT } from '../helpers.ts'

const GOLDEN = path.join(ROOT, 'test', 'golden', 'sample')

t.test('publishing the same content twice gives byte-identical feeds and the same version', async (t) => {
  const first = publish((await loadFixture('sample')).publication)
  const second = publish((await loadFixture('sample')).publication)
  t.equal(first.version, second.version)
  for (const output of outputs) t.ok(first.files.get(output.path)!.body.equals(second.files.get(output.path)!.body), output.path)
})

t.test('a change to the content changes the version', async (t) => {
  const sample = publish((await loadFixture('sample')).publication)
  const moved = publish((await loadFixture('sample', 'https://elsewhere.example/')).publication)
  t.not(sample.version, moved.version)
})

t.test('publishes the four feeds with their content types', async (t) => {
  const published = publish((await loadFixture('sample')).publication)
  t.same([...published.files.values()].map((file) => [file.path, file.type]), [
    ['/feed.xml', 'application/rss+xml; charset=utf-8'],
    ['/atom.xml', 'application/atom+xml; charset=utf-8'],
    ['/feed.json', 'application/feed+json; charset=utf-8'],
    ['/podcast.xml', 'application/rss+xml; charset=utf-8']
  ])
})

// The golden files are reviewed copies of the sample's feeds: a diff here is a change every
// subscriber sees. Rewrite them only on purpose, with UPDATE_GOLDEN=1, and review the diff.
t.test('the sample feeds match their reviewed golden files', async (t) => {
  const published = publish((await loadFixture('sample')).publication)
  for (const file of published.files.values()) {
    const golden = path.join(GOLDEN, file.path)
    if (process.env.UPDATE_GOLDEN === '1') {
      await mkdir(GOLDEN, { recursive: true })
      await writeFile(golden, file.body)
    }
    t.equal(file.body.toString('utf8'), await readFile(golden, 'utf8'), file.path)
  }
})
