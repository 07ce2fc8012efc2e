import { readFile, symlink, writeFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { indexMedia } from '../../src/publish/media-index.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { buildTestApp, makeTempDir, publicationDirs } from '../helpers.ts'

const AUDIO = '/media/w04.mp3'

async function audioBytes (): Promise<Buffer> {
  return await readFile(path.join(publicationDirs('sample').mediaDir, 'w04.mp3'))
}

t.test('serves the enclosure whole with its true type, a Content-Length equal to the feed\'s length, and never compressed', async (t) => {
  const { app, publication } = await buildTestApp(t)
  const enclosure = publication.episodes[0]!.audio
  const response = await app.inject({ url: AUDIO, headers: { 'accept-encoding': 'gzip, br' } })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['content-type'], 'audio/mpeg')
  t.equal(response.headers['content-length'], String(enclosure.length))
  t.equal(response.headers['accept-ranges'], 'bytes')
  t.equal(response.headers['content-encoding'], undefined)
  t.match(response.headers['cache-control'], /max-age=604800/)
  t.ok(response.rawPayload.equals(await audioBytes()))
})

t.test('serves artwork, transcript and chapters with their types', async (t) => {
  const { app } = await buildTestApp(t)
  t.equal((await app.inject({ url: '/media/artwork.jpg' })).headers['content-type'], 'image/jpeg')
  t.equal((await app.inject({ url: '/media/w04.vtt' })).headers['content-type'], 'text/vtt')
  t.equal((await app.inject({ url: '/media/w04.chapters.json' })).headers['content-type'], 'application/json+chapters')
})

t.test('answers every byte-range form with 206 and the right Content-Range', async (t) => {
  const { app } = await buildTestApp(t)
  const bytes = await audioBytes()
  const size = bytes.length
  const cases: Array<[string, number, number]> = [
    ['bytes=0-1', 0, 1],
    ['bytes=0-', 0, size - 1],
    ['bytes=500-999', 500, 999],
    ['bytes=-500', size - 500, size - 1],
    [`bytes=${size - 10}-${size + 1000}`, size - 10, size - 1]
  ]
  for (const [range, start, end] of cases) {
    const response = await app.inject({ url: AUDIO, headers: { range } })
    t.equal(response.statusCode, 206, range)
    t.equal(response.headers['content-range'], `bytes ${start}-${end}/${size}`, range)
    t.equal(response.headers['content-length'], String(end - start + 1), range)
    t.ok(response.rawPayload.equals(bytes.subarray(start, end + 1)), `${range} bytes`)
  }
})

t.test('answers an unsatisfiable range with 416 and the file size', async (t) => {
  const { app } = await buildTestApp(t)
  const size = (await audioBytes()).length
  const response = await app.inject({ url: AUDIO, headers: { range: `bytes=${size}-` } })
  t.equal(response.statusCode, 416)
  t.equal(response.headers['content-range'], `bytes */${size}`)
})

t.test('honours If-Range only while the file is unchanged', async (t) => {
  const { app } = await buildTestApp(t)
  const { headers } = await app.inject({ method: 'HEAD', url: AUDIO })
  const matching = await app.inject({ url: AUDIO, headers: { range: 'bytes=0-1', 'if-range': headers.etag as string } })
  t.equal(matching.statusCode, 206)
  const byDate = await app.inject({ url: AUDIO, headers: { range: 'bytes=0-1', 'if-range': headers['last-modified'] as string } })
  t.equal(byDate.statusCode, 206)
  const changed = await app.inject({ url: AUDIO, headers: { range: 'bytes=0-1', 'if-range': '"an-older-version"' } })
  t.equal(changed.statusCode, 200, 'the whole new file instead of a piece of the wrong one')
  t.equal(changed.headers['content-length'], headers['content-length'])
})

t.test('media answers conditional requests and HEAD like the feeds', async (t) => {
  const { app } = await buildTestApp(t)
  const get = await app.inject({ url: AUDIO })
  const head = await app.inject({ method: 'HEAD', url: AUDIO })
  for (const header of ['content-type', 'content-length', 'etag', 'last-modified', 'accept-ranges']) t.equal(head.headers[header], get.headers[header], header)
  t.equal(head.rawPayload.length, 0)
  t.equal((await app.inject({ url: AUDIO, headers: { 'if-none-match': get.headers.etag as string } })).statusCode, 304)
  const rangeHead = await app.inject({ method: 'HEAD', url: AUDIO, headers: { range: 'bytes=0-1' } })
  t.equal(rangeHead.statusCode, 206)
  t.equal(rangeHead.headers['content-length'], '2')
})

t.test('paths that try to leave media/ get 404', async (t) => {
  const { app } = await buildTestApp(t)
  const attempts = [
    '/media/../package.json',
    '/media/%2e%2e/package.json',
    '/media/%2E%2E%2Fpackage.json',
    '/media/..%2f..%2fetc%2fpasswd',
    '/media/..\\..\\package.json',
    '/media/%5c..%5cpackage.json',
    '/media/w04.mp3%00.txt',
    '/media/%00',
    '/media//etc/passwd',
    '/media/%2fetc%2fpasswd',
    '/media/'
  ]
  for (const url of attempts) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 404, url)
    t.notMatch(response.body, /"name"|root:/, `${url} leaks nothing`)
  }
  const malformed = await app.inject({ url: '/media/%E0%A4%A' })
  t.equal(malformed.statusCode, 400, 'malformed percent-encoding')
  t.match(malformed.json(), { statusCode: 400, error: 'Bad Request', message: 'The request URL is malformed' })
})

t.test('a symlink that points out of media/ is never served', async (t) => {
  const mediaDir = await makeTempDir(t, 'media')
  await mkdir(path.join(mediaDir, 'sub'))
  await writeFile(path.join(mediaDir, 'sub', 'inside.txt'), 'inside')
  await symlink('/etc/hostname', path.join(mediaDir, 'outside.txt'))
  await symlink(path.join(mediaDir, 'sub', 'inside.txt'), path.join(mediaDir, 'alias.txt'))
  const { snapshot } = await buildTestApp(t)
  const app = await buildApp({ store: createSnapshotStore({ ...snapshot, media: await indexMedia(mediaDir, snapshot.published.summary.mediaTypes) }) })
  t.teardown(async () => await app.close())
  t.equal((await app.inject({ url: '/media/outside.txt' })).statusCode, 404)
  t.equal((await app.inject({ url: '/media/sub/inside.txt' })).body, 'inside')
  t.equal((await app.inject({ url: '/media/alias.txt' })).body, 'inside', 'a symlink inside media/ is fine')
})

t.test('large media is streamed from disk with the same ranges', async (t) => {
  const { snapshot } = await buildTestApp(t)
  const media = await indexMedia(publicationDirs('sample').mediaDir, snapshot.published.summary.mediaTypes, { maxFileInMemory: 0 })
  t.equal(media.get('w04.mp3')!.bytes, undefined, 'not kept in memory')
  const app = await buildApp({ store: createSnapshotStore({ ...snapshot, media }) })
  t.teardown(async () => await app.close())
  const bytes = await audioBytes()
  const whole = await app.inject({ url: AUDIO })
  t.ok(whole.rawPayload.equals(bytes))
  const range = await app.inject({ url: AUDIO, headers: { range: 'bytes=500-999' } })
  t.equal(range.statusCode, 206)
  t.ok(range.rawPayload.equals(bytes.subarray(500, 1000)))
})
