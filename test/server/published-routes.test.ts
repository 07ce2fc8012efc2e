import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { buildTestApp } from '../helpers.ts'

const FEEDS = [
  ['/feed.xml', 'application/rss+xml; charset=utf-8'],
  ['/atom.xml', 'application/atom+xml; charset=utf-8'],
  ['/feed.json', 'application/feed+json; charset=utf-8'],
  ['/podcast.xml', 'application/rss+xml; charset=utf-8'],
  ['/', 'text/html; charset=utf-8'],
  ['/issues/was-chatgpt-a-good-idea/', 'text/html; charset=utf-8']
] as const

t.test('serves every feed and page with its content type and the published bytes', async (t) => {
  const { app, snapshot } = await buildTestApp(t)
  for (const [path, type] of FEEDS) {
    const response = await app.inject({ url: path })
    t.equal(response.statusCode, 200, path)
    t.equal(response.headers['content-type'], type, path)
    t.ok(response.rawPayload.equals(snapshot.published.files.get(path)!.representations.identity.body!), `${path} bytes`)
    t.equal(response.headers['content-length'], String(response.rawPayload.length))
  }
})

t.test('feeds carry validators, caching, CORS and a self Link', async (t) => {
  const { app } = await buildTestApp(t)
  const response = await app.inject({ url: '/podcast.xml' })
  t.match(response.headers.etag, /^"[A-Za-z0-9_-]+"$/, 'a strong ETag')
  t.equal(response.headers['last-modified'], new Date(response.headers['last-modified'] as string).toUTCString())
  t.equal(response.headers['cache-control'], 'public, max-age=300')
  t.equal(response.headers.vary, 'Accept-Encoding, Sec-Fetch-Dest')
  t.equal(response.headers['access-control-allow-origin'], '*')
  t.equal(response.headers.link, '<https://feedwright.example/podcast.xml>; rel="self"; type="application/rss+xml"')
})

t.test('returns 304 when If-None-Match matches, in a list, as *, or weakly', async (t) => {
  const { app } = await buildTestApp(t)
  const { headers } = await app.inject({ url: '/feed.xml' })
  const etag = headers.etag as string
  for (const ifNoneMatch of [etag, `"other", ${etag}`, '*', `W/${etag}`]) {
    const response = await app.inject({ url: '/feed.xml', headers: { 'if-none-match': ifNoneMatch } })
    t.equal(response.statusCode, 304, ifNoneMatch)
    t.equal(response.rawPayload.length, 0)
  }
  t.equal((await app.inject({ url: '/feed.xml', headers: { 'if-none-match': '"stale"' } })).statusCode, 200)
})

t.test('a 304 carries the same ETag, Cache-Control and Vary as the 200', async (t) => {
  const { app } = await buildTestApp(t)
  const full = await app.inject({ url: '/atom.xml', headers: { 'accept-encoding': 'br' } })
  const notModified = await app.inject({ url: '/atom.xml', headers: { 'accept-encoding': 'br', 'if-none-match': full.headers.etag as string } })
  t.equal(notModified.statusCode, 304)
  for (const header of ['etag', 'cache-control', 'vary', 'last-modified']) t.equal(notModified.headers[header], full.headers[header], header)
})

t.test('returns 304 for If-Modified-Since at or after Last-Modified, 200 before it', async (t) => {
  const { app } = await buildTestApp(t)
  const lastModified = (await app.inject({ url: '/feed.json' })).headers['last-modified'] as string
  const later = new Date(Date.parse(lastModified) + 60_000).toUTCString()
  const earlier = new Date(Date.parse(lastModified) - 1000).toUTCString()
  t.equal((await app.inject({ url: '/feed.json', headers: { 'if-modified-since': lastModified } })).statusCode, 304)
  t.equal((await app.inject({ url: '/feed.json', headers: { 'if-modified-since': later } })).statusCode, 304)
  t.equal((await app.inject({ url: '/feed.json', headers: { 'if-modified-since': earlier } })).statusCode, 200)
})

t.test('If-None-Match takes precedence over If-Modified-Since', async (t) => {
  const { app } = await buildTestApp(t)
  const { headers } = await app.inject({ url: '/feed.xml' })
  const stale = await app.inject({ url: '/feed.xml', headers: { 'if-none-match': '"stale"', 'if-modified-since': headers['last-modified'] as string } })
  t.equal(stale.statusCode, 200, 'a mismatched ETag wins over a fresh date')
  const current = await app.inject({ url: '/feed.xml', headers: { 'if-none-match': headers.etag as string, 'if-modified-since': 'Thu, 01 Jan 1970 00:00:00 GMT' } })
  t.equal(current.statusCode, 304, 'a matching ETag wins over an old date')
})

t.test('sends brotli or gzip as asked, each decoding to the identity bytes with its own ETag', async (t) => {
  const { app } = await buildTestApp(t)
  const identity = await app.inject({ url: '/feed.xml', headers: { 'accept-encoding': 'identity' } })
  const br = await app.inject({ url: '/feed.xml', headers: { 'accept-encoding': 'gzip, deflate, br' } })
  const gzip = await app.inject({ url: '/feed.xml', headers: { 'accept-encoding': 'gzip' } })
  t.equal(identity.headers['content-encoding'], undefined)
  t.equal(br.headers['content-encoding'], 'br')
  t.equal(gzip.headers['content-encoding'], 'gzip')
  t.ok(brotliDecompressSync(br.rawPayload).equals(identity.rawPayload))
  t.ok(gunzipSync(gzip.rawPayload).equals(identity.rawPayload))
  t.equal(new Set([identity.headers.etag, br.headers.etag, gzip.headers.etag]).size, 3)
  t.equal((await app.inject({ url: '/feed.xml', headers: { 'accept-encoding': 'gzip', 'if-none-match': br.headers.etag as string } })).statusCode, 200, 'the br ETag does not validate the gzip body')
  t.equal((await app.inject({ url: '/feed.xml', headers: { 'accept-encoding': 'br', 'if-none-match': br.headers.etag as string } })).statusCode, 304, 'returns 304 when If-None-Match matches the br ETag')
})

t.test('honours Accept-Encoding q-values and falls back to identity', async (t) => {
  const { app } = await buildTestApp(t)
  const encodingFor = async (acceptEncoding?: string) =>
    (await app.inject({ url: '/feed.xml', headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } })).headers['content-encoding'] ?? 'identity'
  t.equal(await encodingFor('br;q=0.5, gzip;q=0.9'), 'gzip')
  t.equal(await encodingFor('br;q=0, *'), 'gzip')
  t.equal(await encodingFor('gzip;q=0, br;q=0'), 'identity')
  t.equal(await encodingFor('identity;q=0'), 'identity', 'nothing acceptable: identity anyway')
  t.equal(await encodingFor('deflate'), 'identity')
  t.equal(await encodingFor(undefined), 'identity')
})

t.test('HEAD answers with the same headers as GET and no body', async (t) => {
  const { app } = await buildTestApp(t)
  for (const [path] of FEEDS) {
    const get = await app.inject({ url: path, headers: { 'accept-encoding': 'br' } })
    const head = await app.inject({ method: 'HEAD', url: path, headers: { 'accept-encoding': 'br' } })
    t.equal(head.statusCode, 200)
    t.equal(head.rawPayload.length, 0)
    for (const header of ['content-type', 'content-length', 'content-encoding', 'etag', 'last-modified', 'cache-control', 'vary']) {
      t.equal(head.headers[header], get.headers[header], `${path} ${header}`)
    }
  }
})

t.test('unknown paths get a small 404, wrong methods a 405 with Allow', async (t) => {
  const { app } = await buildTestApp(t)
  const missing = await app.inject({ url: '/nope.xml' })
  t.equal(missing.statusCode, 404)
  t.match(missing.json(), { statusCode: 404, error: 'Not Found', message: /Nothing is published at \/nope\.xml/ })
  const post = await app.inject({ method: 'POST', url: '/feed.xml', payload: 'x' })
  t.equal(post.statusCode, 405)
  t.equal(post.headers.allow, 'GET, HEAD')
  t.match(post.json(), { statusCode: 405, error: 'Method Not Allowed' })
  t.equal((await app.inject({ method: 'DELETE', url: '/not-here' })).statusCode, 404)
})

t.test('a browser gets a page for people at an unknown address, with a link home and the newest issues', async (t) => {
  const { app, snapshot } = await buildTestApp(t)
  for (const url of ['/nope', '/issues/nothing-here/', '/media/missing.mp3', '/deep/path/that/never/was.html?x=1']) {
    const response = await app.inject({ url, headers: BROWSER })
    t.equal(response.statusCode, 404, url)
    t.equal(response.headers['content-type'], 'text/html; charset=utf-8')
    t.equal(response.headers['cache-control'], 'no-store')
    t.equal(response.headers.vary, 'Accept, Accept-Encoding')
    t.equal(response.headers['content-encoding'], 'br', 'compressed like every page')
    const html = brotliDecompressSync(response.rawPayload).toString('utf8')
    t.equal(html, snapshot.published.files.get('/404.html')!.representations.identity.body!.toString('utf8'), 'the published 404.html, the page static hosts serve')
    t.match(html, '<h1>Page not found</h1>')
    t.match(html, '<a href="https://feedwright.example/">home page</a>')
    t.match(html, '<a href="https://feedwright.example/issues/was-chatgpt-a-good-idea/">Was ChatGPT a good idea?</a>')
    t.match(html, '<meta name="robots" content="noindex">')
  }
  const head = await app.inject({ method: 'HEAD', url: '/nope', headers: BROWSER })
  t.equal(head.statusCode, 404)
  t.equal(head.rawPayload.length, 0, 'HEAD has no body')
})

t.test('clients that do not prefer HTML keep getting the small JSON 404', async (t) => {
  const { app } = await buildTestApp(t)
  for (const accept of [undefined, '*/*', 'application/json', 'application/rss+xml, application/atom+xml, */*', 'text/html;q=0.5, application/json']) {
    const response = await app.inject({ url: '/nope.xml', headers: accept === undefined ? {} : { accept } })
    t.equal(response.statusCode, 404, String(accept))
    t.equal(response.headers['content-type'], 'application/json; charset=utf-8')
    t.equal(response.headers.vary, 'Accept, Accept-Encoding', 'caches keep the two apart')
    t.match(response.json(), { statusCode: 404, error: 'Not Found' })
  }
})

t.test('answers a CORS preflight so browsers can poll conditionally', async (t) => {
  const { app } = await buildTestApp(t)
  const response = await app.inject({ method: 'OPTIONS', url: '/feed.json', headers: { origin: 'https://reader.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' } })
  t.equal(response.statusCode, 204)
  t.equal(response.headers['access-control-allow-origin'], '*')
  t.match(response.headers['access-control-allow-headers'], /If-None-Match/)
})

t.test('an internal error answers 500 without a stack trace', async (t) => {
  const { app } = await buildTestApp(t)
  app.get('/boom', async () => { throw new Error('secret detail at /srv/app.js:12') })
  const response = await app.inject({ url: '/boom' })
  t.equal(response.statusCode, 500)
  t.notMatch(response.body, /secret detail|app\.js|at /)
  t.match(response.json(), { statusCode: 500, error: 'Internal Server Error' })
})

t.test('the health endpoint says which content version is served', async (t) => {
  const { app, snapshot } = await buildTestApp(t)
  const response = await app.inject({ url: '/health' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'no-store')
  t.match(response.json(), { status: 'ok', version: snapshot.published.version, issues: 1, episodes: 2, contentUpdated: '2023-01-27T16:00:00.000Z' })
  const head = await app.inject({ method: 'HEAD', url: '/health' })
  t.equal(head.statusCode, 200, 'HEAD too')
  t.equal(head.rawPayload.length, 0)
})

const BROWSER = { 'sec-fetch-dest': 'document', 'sec-fetch-mode': 'navigate', accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'accept-encoding': 'gzip, br' }

t.test('a person opening a feed URL in a browser sees a page about the feed, never cached by shared caches', async (t) => {
  const { app } = await buildTestApp(t)
  for (const [path, name, items] of [['/feed.xml', 'an <strong>RSS feed</strong>', 'issues'], ['/atom.xml', 'an <strong>Atom feed</strong>', 'issues'], ['/feed.json', 'a <strong>JSON Feed</strong>', 'issues'], ['/podcast.xml', 'a <strong>podcast feed</strong>', 'episodes']] as const) {
    const response = await app.inject({ url: path, headers: BROWSER })
    t.equal(response.headers['content-type'], 'text/html; charset=utf-8', path)
    t.equal(response.headers['cache-control'], 'private, no-store', path)
    t.match(response.headers.vary, 'Sec-Fetch-Dest')
    const html = brotliDecompressSync(response.rawPayload).toString('utf8')
    t.match(html, `This is ${name}: `, path)
    t.match(html, `check it for new ${items}`, `the ${path} page talks about ${items}`)
    t.match(html, `<input id="feed-address" type="url" value="https://feedwright.example${path}" readonly>`, 'the address to copy is the feed\'s own')
    t.match(html, '<button type="button" data-copy="feed-address"', 'with a button that copies it')
    t.equal(html.includes('>AntennaPod</a>'), path === '/podcast.xml', 'podcast apps only for the podcast')
    // The podcast feed's items link to the episode's page, the others to the issue's.
    const page = path === '/podcast.xml' ? 'episodes/w04/' : 'issues/was-chatgpt-a-good-idea/'
    t.match(html, `<a href="https://feedwright.example/${page}">Was ChatGPT a good idea?</a>`)
  }
})

t.test('feed readers, podcast apps and web readers keep getting the exact feed bytes', async (t) => {
  const { app, snapshot } = await buildTestApp(t)
  const feed = snapshot.published.files.get('/feed.xml')!.representations.identity.body!
  const clients = [
    { 'user-agent': 'NetNewsWire (RSS Reader; https://netnewswire.com/)', accept: 'application/rss+xml, application/atom+xml, */*' },
    { 'user-agent': 'AppleCoreMedia/1.0.0', accept: '*/*' },
    { 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors', accept: 'text/html, */*' },
    { accept: 'text/html' }
  ]
  for (const headers of clients) {
    const response = await app.inject({ url: '/feed.xml', headers })
    t.equal(response.headers['content-type'], 'application/rss+xml; charset=utf-8', JSON.stringify(headers))
    t.ok(response.rawPayload.equals(feed))
  }
  t.equal((await app.inject({ url: '/issues/was-chatgpt-a-good-idea/', headers: BROWSER })).headers['cache-control'], 'public, max-age=300', 'pages are pages')
})

t.test('a page answers at its folder address, at NAME/index.html as a static host would, and redirects the address without its slash', async (t) => {
  const { app, snapshot } = await buildTestApp(t)
  const page = snapshot.published.files.get('/issues/was-chatgpt-a-good-idea/')!.representations.identity.body!
  t.ok((await app.inject({ url: '/issues/was-chatgpt-a-good-idea/index.html' })).rawPayload.equals(page))
  const redirect = await app.inject({ url: '/issues/was-chatgpt-a-good-idea?utm_source=x' })
  t.equal(redirect.statusCode, 301)
  t.equal(redirect.headers.location, '/issues/was-chatgpt-a-good-idea/?utm_source=x', 'the query is kept')
  t.equal((await app.inject({ url: '/feed.xml/' })).statusCode, 404, 'only pages are folders')
  t.equal((await app.inject({ url: '/issues/nothing-here' })).statusCode, 404)
})
