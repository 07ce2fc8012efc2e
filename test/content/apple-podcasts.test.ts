import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { loadPublication, type Loaded } from '../../src/content/load-publication.ts'
import { ContentError } from '../../src/errors.ts'
import { copyPublication, type TestWithTeardown } from '../helpers.ts'

async function loadWithLine (t: TestWithTeardown, line: string): Promise<Loaded | ContentError> {
  const dirs = await copyPublication(t, 'minimal')
  await appendFile(path.join(dirs.contentDir, 'site.yaml'), `\n${line}\n`)
  return await loadPublication(dirs).catch((error: ContentError) => error)
}

t.test('the show\'s Apple Podcasts address gives the id its app links are made from', async (t) => {
  for (const url of ['https://podcasts.apple.com/us/podcast/minimal-weekly/id1234567890', 'https://podcasts.apple.com/podcast/id1234567890?uo=4']) {
    const loaded = await loadWithLine(t, `apple_podcasts: ${url}`)
    t.notOk(loaded instanceof ContentError, url)
    if (!(loaded instanceof ContentError)) t.equal(loaded.publication.site.applePodcastsId, '1234567890')
  }
})

t.test('an Apple Podcasts address without the show\'s id is reported with the form it must have', async (t) => {
  for (const url of ['https://podcasts.apple.com/us/podcast/minimal-weekly', 'https://example.test/id123', 'http://podcasts.apple.com/podcast/id1']) {
    const loaded = await loadWithLine(t, `apple_podcasts: ${url}`)
    t.type(loaded, ContentError, url)
    if (loaded instanceof ContentError) t.match(loaded.problems, [{ field: 'apple_podcasts', message: /https:\/\/podcasts\.apple\.com\/us\/podcast\/name\/id1234567890/, severity: 'error' }])
  }
})
