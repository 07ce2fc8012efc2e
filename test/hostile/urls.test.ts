import t from 'tap'
import { editSite, episodeFile, errorsOf, hostilePublication, unclearLines } from './hostile-publication.ts'

// Each passes a loose "https://…" pattern, and each is refused by the WHATWG URL parser that
// Node, browsers and most feed readers use.
const UNPARSABLE = ['"https://[oops/"', '"https://exa%zzmple.org/"', '"https://[::1"', '"https://exa mple.org/"']

for (const value of UNPARSABLE) {
  t.test(`refuses ${value} as the site url, naming the field`, async (t) => {
    const dirs = await hostilePublication(t)
    await editSite(dirs, { url: value })
    const errors = await errorsOf(dirs)
    t.match(errors, [{ file: /site\.yaml$/, field: 'url', message: /is not an absolute https:\/\/ URL/ }])
    t.same(unclearLines(errors, dirs), [])
  })
}

t.test('refuses a hub that is not a URL instead of writing it into every feed', async (t) => {
  const dirs = await hostilePublication(t)
  await editSite(dirs, { hubs: '["https://[::1"]' })
  t.match(await errorsOf(dirs), [{ file: /site\.yaml$/, field: 'hubs.0', message: /is not an absolute http:\/\/ or https:\/\/ URL/ }])
})

t.test('refuses a ping URL that is not a URL once {url} is filled in', async (t) => {
  const dirs = await hostilePublication(t)
  await editSite(dirs, { pings: '["https://exa%zzmple.org/?u={url}"]' })
  t.match(await errorsOf(dirs), [{ file: /site\.yaml$/, field: 'pings.0' }])
})

t.test('refuses unparsable URLs in the funding link, an author and the show links', async (t) => {
  const dirs = await hostilePublication(t)
  await editSite(dirs, {
    funding: '{ url: "https://[oops/", text: Support us }',
    authors: '[{ name: Ada Example, url: "https://exa%zzmple.org/" }]',
    youtube: '"https://[::1"',
    spotify: '"https://open.spotify.com/show/\\x01"'
  })
  const errors = await errorsOf(dirs)
  t.same(errors.map((problem) => problem.field).sort(), ['authors.0.url', 'funding.url', 'spotify', 'youtube'])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses unparsable URLs in an episode, local or remote audio alike', async (t) => {
  const dirs = await hostilePublication(t, {
    'content/episodes/links.md': episodeFile({ youtube: '"https://[oops/"', spotify: '"https://open.spotify.com/episode/a\\tb"' }),
    'content/episodes/remote.md': episodeFile({ audio: '{ url: "https://exa%zzmple.org/a.mp3", length: 1000, type: audio/mpeg, duration: 10 }' })
  })
  const errors = await errorsOf(dirs)
  t.same(errors.map((problem) => `${problem.file.split('/').at(-1)} ${problem.field}`).sort(), ['links.md spotify', 'links.md youtube', 'remote.md audio.url'])
})

t.test('accepts URLs with international domain names, ports, queries and fragments', async (t) => {
  const dirs = await hostilePublication(t)
  await editSite(dirs, {
    url: 'https://bücher.example:8443/news/',
    youtube: 'https://www.youtube.com/@channel?sub=1#top',
    hubs: '["http://hub.internal:8080/"]',
    pings: '["https://ping.example.org/?url={url}&x=1"]'
  })
  t.same(await errorsOf(dirs), [])
})
