import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { accessSync, constants as fsConstants, existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import t, { type Test } from 'tap'
import { Agent, request } from 'undici'
import { build } from '../../src/commands/build.ts'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import { fileNameFor } from '../../src/model/urls.ts'
import type { Encoding } from '../../src/publish/encode.ts'
import { publicationDirs, ROOT, stopChild } from '../helpers.ts'

/**
 * The nginx configurations in deploy/nginx/, run for real: replicas.conf as a caching proxy in
 * front of two `feedwright serve` processes, and static.conf serving a `feedwright build` folder,
 * both answering for one copy of the sample publication.
 */

// Debian installs nginx in /usr/sbin, which is not on every user's PATH.
const NGINX = [...(process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== ''), '/usr/sbin'].map((dir) => path.join(dir, 'nginx')).find(isExecutable)
// Debian's libnginx-mod-http-brotli-static: with it, static.conf sends the .br siblings too.
const BROTLI_MODULE = '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so'
const ENCODINGS: readonly Encoding[] = ['identity', 'gzip', 'br']
const SUFFIX: Readonly<Record<Encoding, string>> = { identity: '', gzip: '.gz', br: '.br' }

function isExecutable (file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK)
    return true
  } catch {
    return false
  }
}

if (NGINX === undefined) {
  t.plan(0, 'nginx not installed: apt-get install nginx')
} else {
  // Three feedwright processes start from TypeScript sources; the whole test takes about 25 s.
  t.setTimeout(120_000)
  t.test('nginx in front of two feedwright replicas, and nginx serving a build', async (t) => await testDeployment(t, NGINX))
}

interface Answer {
  readonly status: number
  readonly headers: Readonly<Record<string, string | undefined>>
  readonly body: Buffer
}

interface Replica {
  readonly base: string
  readonly port: number
  readonly cacheDir: string
  process: ChildProcess
}

async function testDeployment (t: Test, nginx: string): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-nginx-'))
  const children = new Set<ChildProcess>()
  const dispatcher = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
  // A test killed on timeout runs no teardown: no nginx or replica may outlive it.
  const killAll = (): void => { for (const child of children) child.kill('SIGKILL') }
  process.once('exit', killAll)
  t.teardown(async () => {
    await Promise.all([...children].map(stopChild))
    process.off('exit', killAll)
    await dispatcher.close()
    await rm(dir, { recursive: true, force: true })
  })
  const spawnTracked = (command: string, args: string[]): ChildProcess => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
    children.add(child)
    child.once('exit', () => children.delete(child))
    return child
  }
  const fetchRaw = async (url: string, headers: Record<string, string> = {}, method: 'GET' | 'HEAD' = 'GET'): Promise<Answer> => {
    const response = await request(url, { method, headers, dispatcher })
    const body = Buffer.from(await response.body.arrayBuffer())
    const flat: Record<string, string | undefined> = {}
    for (const [name, value] of Object.entries(response.headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value
    return { status: response.statusCode, headers: flat, body }
  }
  /** The same request to each server at once, answers in the same order. */
  const fetchEach = async <Bases extends readonly string[]>(bases: Bases, url: string, headers: Record<string, string> = {}): Promise<{ [K in keyof Bases]: Answer }> =>
    await Promise.all(bases.map(async (base) => await fetchRaw(`${base}${url}`, headers))) as { [K in keyof Bases]: Answer }

  // The sample, with three older issues and one issue per feed document, so that there are
  // archive pages (settled ones among them) besides the tag feeds, the OPML, pages and icons.
  const contentDir = path.join(dir, 'publication', 'content')
  const mediaDir = path.join(dir, 'publication', 'media')
  const sample = publicationDirs('sample')
  await cp(sample.contentDir, contentDir, { recursive: true })
  await cp(sample.mediaDir, mediaDir, { recursive: true })
  await writeFile(path.join(contentDir, 'site.yaml'), `${await readFile(path.join(contentDir, 'site.yaml'), 'utf8')}\nfeed_size: 1\npodcast_limit: 1\n`)
  for (const day of ['06', '13', '20']) {
    await writeFile(path.join(contentDir, 'issues', `2023-01-${day}-week-${day}.md`), `---\ntitle: Week ${day}\ndate: 2023-01-${day}T17:00:00+01:00\nsummary: The news of week ${day}.\ntags: [RLHF]\n---\nThe news of week ${day}.\n`)
  }
  const port = async (): Promise<number> => await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
  const replicas: Replica[] = []
  for (const n of [1, 2]) {
    const replicaPort = await port()
    replicas.push({ base: `http://127.0.0.1:${replicaPort}`, port: replicaPort, cacheDir: path.join(dir, `replica-${n}-cache`), process: undefined as unknown as ChildProcess })
  }
  const startReplica = async (replica: Replica): Promise<void> => {
    replica.process = spawnTracked(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--content', contentDir, '--media', mediaDir,
      '--cache', replica.cacheDir, '--port', String(replica.port), '--host', '127.0.0.1', '--no-watch', '--log-level', 'warn', '--log-format', 'json'])
    await waitFor(replica.process, async () => (await fetchRaw(`${replica.base}/health`)).status === 200, `replica on port ${replica.port}`)
  }
  // The replicas start (several seconds each) while this process builds the static folder and
  // publishes in memory what every output should be: its path, type and ETags.
  const replicasReady = Promise.all(replicas.map(startReplica))
  replicasReady.catch(() => {})
  const outDir = path.join(dir, 'public')
  const quiet = { out: () => {}, err: () => {} }
  if (!t.equal(await build({ contentDir, mediaDir, outDir, cacheDir: path.join(dir, 'build-cache') }, quiet), 0, 'the build succeeds')) return
  const { snapshot } = await loadSnapshot({ contentDir, mediaDir }, { now: new Date() })
  await replicasReady
  const files = [...snapshot.published.files.values()]
  const media = [...snapshot.media.values()]

  const proxyPort = await port()
  const staticPort = await port()
  const proxy = `http://127.0.0.1:${proxyPort}`
  const staticServer = `http://127.0.0.1:${staticPort}`
  const brotli = existsSync(BROTLI_MODULE)
  const values = {
    LISTEN: `127.0.0.1:${proxyPort}`,
    SERVER_NAME: 'localhost',
    REPLICA_1: `127.0.0.1:${replicas[0]!.port}`,
    REPLICA_2: `127.0.0.1:${replicas[1]!.port}`,
    CACHE_DIR: path.join(dir, 'proxy-cache')
  }
  await writeFile(path.join(dir, 'replicas.conf'), fillIn(await readFile(path.join(ROOT, 'deploy', 'nginx', 'replicas.conf'), 'utf8'), values))
  let staticConf = fillIn(await readFile(path.join(ROOT, 'deploy', 'nginx', 'static.conf'), 'utf8'), { ...values, LISTEN: `127.0.0.1:${staticPort}`, ROOT: outDir })
  if (!brotli) {
    // What the template's comment tells a person without the module to do.
    const without = staticConf.replace(/^ *brotli_static on;\n/m, '')
    t.not(without, staticConf, 'static.conf has the brotli_static line to delete without the module')
    staticConf = without
  }
  await writeFile(path.join(dir, 'static.conf'), staticConf)
  await mkdir(path.join(dir, 'temp'))
  await writeFile(path.join(dir, 'nginx.conf'), [
    // As root, workers would run as nobody, who cannot read this test's private (0700) folder.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    ...(brotli ? [`load_module ${BROTLI_MODULE};`] : []),
    'worker_processes 1;',
    'events { worker_connections 256; }',
    'http {',
    // Which replica answered each request through the proxy, as an operator would read it.
    '  log_format replicas \'$request_uri|$upstream_addr|$upstream_cache_status\';',
    `  access_log ${path.join(dir, 'access.log')} replicas;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((name) => `  ${name}_temp_path ${path.join(dir, 'temp', name)};`),
    `  include ${path.join(dir, 'replicas.conf')};`,
    `  include ${path.join(dir, 'static.conf')};`,
    '}',
    ''
  ].join('\n'))
  const nginxProcess = spawnTracked(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')}; error_log stderr;`])
  await waitFor(nginxProcess, async () => (await fetchRaw(`${staticServer}/robots.txt`)).status === 200 && (await fetchRaw(`${proxy}/health`)).status === 200, 'nginx')
  const servedBy = async (requestUri: string): Promise<string[]> => {
    const lines = (await readFile(path.join(dir, 'access.log'), 'utf8')).split('\n').filter((line) => line.startsWith(`${requestUri}|`))
    return lines.map((line) => line.split('|')[1]!)
  }

  /** An answer with the headers a cache or a client compares, and a hash of the body. */
  const summary = (answer: Answer, names: readonly string[]): Record<string, string | number | undefined> => ({
    status: answer.status,
    ...Object.fromEntries(names.map((name) => [name, answer.headers[name]])),
    body: createHash('sha256').update(answer.body).digest('hex')
  })
  const FEEDWRIGHT_HEADERS = ['content-type', 'content-encoding', 'content-length', 'etag', 'last-modified', 'cache-control', 'vary', 'link',
    'access-control-allow-origin', 'access-control-expose-headers', 'x-content-type-options', 'accept-ranges', 'content-range']
  /** nginx's own ETag and Last-Modified for a file it serves from disk: modification time and size. */
  const nginxValidators = async (file: string): Promise<{ etag: string, 'last-modified': string }> => {
    const stats = await stat(file)
    const seconds = Math.floor(stats.mtimeMs / 1000)
    return { etag: `"${seconds.toString(16)}-${stats.size.toString(16)}"`, 'last-modified': new Date(seconds * 1000).toUTCString() }
  }
  const encodingHeader = (encoding: Encoding): Record<string, string> => ({ 'accept-encoding': encoding })
  const replicaAnswers = new Map<string, Answer>()

  await t.test('every output: the same bytes and ETag from both replicas and through the proxy, the same bytes from the static server', async (t) => {
    t.ok(files.some((file) => file.settled), 'the publication has settled archive pages')
    t.ok(files.some((file) => file.path.startsWith('/tags/')) && files.some((file) => file.path.startsWith('/archive/')), 'and tag feeds and archive pages')
    for (const file of files) {
      for (const encoding of ENCODINGS) {
        const label = `${file.path} (${encoding})`
        const [first, second, proxied, fromStatic] = await fetchEach([replicas[0]!.base, replicas[1]!.base, proxy, staticServer] as const, file.path, encodingHeader(encoding))
        replicaAnswers.set(`${file.path} ${encoding}`, first)
        const onDisk = await readFile(path.join(outDir, fileNameFor(file.path) + SUFFIX[encoding]))
        t.same(summary(first, ['etag', 'content-type']), { status: 200, etag: file.representations[encoding].etag, 'content-type': file.type, body: createHash('sha256').update(onDisk).digest('hex') }, `${label}: replica 1 sends the bytes build wrote, with the ETag of this encoding`)
        t.same(summary(second, FEEDWRIGHT_HEADERS), summary(first, FEEDWRIGHT_HEADERS), `${label}: replica 2 sends the same bytes and headers, Last-Modified included`)
        t.same(summary(proxied, FEEDWRIGHT_HEADERS), summary(first, FEEDWRIGHT_HEADERS), `${label}: so does the proxy, strong ETag untouched`)

        // Without the brotli module, a client that accepts only br gets the identity bytes from the static server.
        const staticEncoding = encoding === 'br' && !brotli ? 'identity' : encoding
        const expected = await readFile(path.join(outDir, fileNameFor(file.path) + SUFFIX[staticEncoding]))
        const corsLike = first.headers['access-control-allow-origin']
        t.same(summary(fromStatic, ['content-type', 'content-encoding', 'etag', 'last-modified', 'cache-control', 'access-control-allow-origin', 'access-control-expose-headers', 'x-content-type-options']), {
          status: 200,
          'content-type': file.type,
          'content-encoding': staticEncoding === 'identity' ? undefined : staticEncoding,
          // nginx's ETag is its own "mtime-size" of the file it sends, never feedwright's content hash:
          // the two cannot match. Last-Modified is that file's modification time (when build wrote it).
          ...await nginxValidators(path.join(outDir, fileNameFor(file.path) + SUFFIX[staticEncoding])),
          // A static host cannot tell which archive page is the newest one: every page gets five minutes.
          'cache-control': file.settled ? 'public, max-age=300' : first.headers['cache-control'],
          'access-control-allow-origin': corsLike,
          // No Link header to expose: static.conf does not send it.
          'access-control-expose-headers': corsLike === undefined ? undefined : 'ETag, Last-Modified',
          'x-content-type-options': 'nosniff',
          body: createHash('sha256').update(expected).digest('hex')
        }, `${label}: the static server sends the bytes build wrote, with feedwright's type and headers`)
      }
    }
  })

  await t.test('every media file: the same bytes and headers from both replicas and the proxy; the same bytes and type from the static server', async (t) => {
    for (const entry of media) {
      const url = `/media/${entry.path.split('/').map(encodeURIComponent).join('/')}`
      const [first, second, proxied, fromStatic] = await fetchEach([replicas[0]!.base, replicas[1]!.base, proxy, staticServer] as const, url)
      const onDisk = await readFile(path.join(mediaDir, entry.path))
      t.same(summary(first, ['etag', 'content-type']), { status: 200, etag: entry.etag, 'content-type': entry.type, body: createHash('sha256').update(onDisk).digest('hex') }, `${url}: replica 1`)
      t.same(summary(second, FEEDWRIGHT_HEADERS), summary(first, FEEDWRIGHT_HEADERS), `${url}: replica 2 agrees, ETag and Last-Modified included`)
      t.same(summary(proxied, FEEDWRIGHT_HEADERS), summary(first, FEEDWRIGHT_HEADERS), `${url}: the proxy passes it through`)
      t.equal(proxied.headers['x-cache-status'], undefined, `${url}: media is not cached by the proxy`)
      t.same(summary(fromStatic, ['content-type', 'cache-control', 'access-control-allow-origin', 'etag', 'last-modified']), {
        status: 200,
        'content-type': entry.type,
        'cache-control': first.headers['cache-control'],
        'access-control-allow-origin': '*',
        // build copies media without keeping modification times: nginx's validators are the copy's.
        ...await nginxValidators(path.join(outDir, 'media', entry.path)),
        body: createHash('sha256').update(onDisk).digest('hex')
      }, `${url}: the static server, with feedwright's type`)
    }
  })

  await t.test('the proxy caches: a second request is a HIT, each Accept-Encoding is its own variant, a browser\'s page is never stored', async (t) => {
    const feed = files.find((file) => file.path === '/feed.xml')!
    // A query string makes a URL this test alone has asked for: feedwright ignores it, nginx keys on it.
    const url = `${proxy}/feed.xml?variants`
    const asked: Array<[Record<string, string>, Encoding, string]> = [
      [{ 'accept-encoding': 'br' }, 'br', 'MISS'],
      [{ 'accept-encoding': 'br' }, 'br', 'HIT'],
      [{ 'accept-encoding': 'identity' }, 'identity', 'MISS'],
      [{ 'accept-encoding': 'identity' }, 'identity', 'HIT'],
      [{}, 'identity', 'MISS'],
      [{}, 'identity', 'HIT'],
      [{ 'accept-encoding': 'gzip, deflate' }, 'gzip', 'MISS'],
      [{ 'accept-encoding': 'gzip, deflate' }, 'gzip', 'HIT'],
      [{ 'accept-encoding': 'br' }, 'br', 'HIT']
    ]
    for (const [headers, encoding, status] of asked) {
      const answer = await fetchRaw(url, headers)
      t.same({ cache: answer.headers['x-cache-status'], encoding: answer.headers['content-encoding'], etag: answer.headers.etag, bytes: answer.body.equals(await readFile(path.join(outDir, 'feed.xml' + SUFFIX[encoding]))) },
        { cache: status, encoding: encoding === 'identity' ? undefined : encoding, etag: feed.representations[encoding].etag, bytes: true }, `Accept-Encoding: ${headers['accept-encoding'] ?? '(none)'} gets ${encoding}, ${status}`)
    }
    const browser = { 'sec-fetch-dest': 'document', accept: 'text/html,application/xhtml+xml', 'accept-encoding': 'gzip' }
    for (const time of ['first', 'second']) {
      const page = await fetchRaw(url, browser)
      t.same([page.headers['content-type'], page.headers['cache-control'], page.headers['x-cache-status']], ['text/html; charset=utf-8', 'private, no-store', 'MISS'], `a browser opening the feed gets its page, not stored (${time} time)`)
    }
    const reader = await fetchRaw(url, { 'accept-encoding': 'gzip, deflate' })
    t.same([reader.headers['content-type'], reader.headers['x-cache-status']], [feed.type, 'HIT'], 'a feed reader still gets the cached feed')
  })

  await t.test('304s through the cache, with If-None-Match and If-Modified-Since', async (t) => {
    for (const file of files.filter((file) => file.kind === 'feed').slice(0, 4)) {
      const representation = file.representations.br
      const lastModified = file.lastModified.toUTCString()
      const headers = { 'accept-encoding': 'br' }
      const byEtag = await fetchRaw(`${proxy}${file.path}`, { ...headers, 'if-none-match': representation.etag })
      t.same([byEtag.status, byEtag.headers.etag, byEtag.headers['x-cache-status'], byEtag.body.length], [304, representation.etag, 'HIT', 0], `${file.path}: If-None-Match`)
      const byDate = await fetchRaw(`${proxy}${file.path}`, { ...headers, 'if-modified-since': lastModified })
      t.same([byDate.status, byDate.headers['last-modified'], byDate.headers['x-cache-status']], [304, lastModified, 'HIT'], `${file.path}: If-Modified-Since`)
      const otherEncoding = await fetchRaw(`${proxy}${file.path}`, { ...headers, 'if-none-match': file.representations.gzip.etag })
      t.same([otherEncoding.status, otherEncoding.headers['content-encoding']], [200, 'br'], `${file.path}: the gzip ETag does not validate the br bytes`)
    }
    const feedOnDisk = path.join(outDir, 'feed.xml.gz')
    const { etag, 'last-modified': lastModified } = await nginxValidators(feedOnDisk)
    const headers = { 'accept-encoding': 'gzip' }
    t.equal((await fetchRaw(`${staticServer}/feed.xml`, { ...headers, 'if-none-match': etag })).status, 304, 'the static server: If-None-Match with its own ETag')
    t.equal((await fetchRaw(`${staticServer}/feed.xml`, { ...headers, 'if-modified-since': lastModified })).status, 304, 'the static server: If-Modified-Since')
  })

  await t.test('byte ranges of an episode through the proxy and from the static server', async (t) => {
    const entry = snapshot.media.get('w04.mp3')!
    const bytes = await readFile(path.join(mediaDir, entry.path))
    const url = `/media/${entry.path}`
    for (const [base, name] of [[proxy, 'the proxy'], [staticServer, 'the static server']] as const) {
      for (const [range, start, end] of [['bytes=1000-1999', 1000, 1999], ['bytes=-500', bytes.length - 500, bytes.length - 1], [`bytes=${bytes.length - 10}-`, bytes.length - 10, bytes.length - 1]] as const) {
        const answer = await fetchRaw(`${base}${url}`, { range })
        t.same([answer.status, answer.headers['content-range'], answer.headers['content-length'], answer.body.equals(bytes.subarray(start, end + 1))],
          [206, `bytes ${start}-${end}/${bytes.length}`, String(end - start + 1), true], `${name}: Range: ${range}`)
      }
      const head = await fetchRaw(`${base}${url}`, {}, 'HEAD')
      t.same([head.status, head.headers['content-length'], head.headers['accept-ranges'], head.body.length], [200, String(bytes.length), 'bytes', 0], `${name}: HEAD`)
      const validator = base === proxy ? entry.etag : (await nginxValidators(path.join(outDir, 'media', entry.path))).etag
      const ifRange = await fetchRaw(`${base}${url}`, { range: 'bytes=0-99', 'if-range': validator })
      t.same([ifRange.status, ifRange.body.length], [206, 100], `${name}: If-Range with the current ETag gets the range`)
      const stale = await fetchRaw(`${base}${url}`, { range: 'bytes=0-99', 'if-range': '"an-older-version"' })
      t.same([stale.status, stale.body.equals(bytes)], [200, true], `${name}: If-Range with an older ETag gets the whole file`)
    }
  })

  await t.test('the static server: clean URLs as feedwright answers them, the 404 page, nothing else', async (t) => {
    for (const file of files.filter((file) => file.path.endsWith('/') && file.path !== '/')) {
      const slashless = `${file.path.slice(0, -1)}?from=a-link`
      const [fromStatic, fromReplica] = await fetchEach([staticServer, replicas[0]!.base] as const, slashless)
      t.same([fromStatic.status, fromStatic.headers.location, fromStatic.headers['cache-control']], [fromReplica.status, fromReplica.headers.location, fromReplica.headers['cache-control']], `${slashless} is redirected as feedwright does`)
      t.same([fromReplica.status, fromReplica.headers.location], [301, `${file.path}?from=a-link`], `${slashless}: to the page's address`)
      const index = await fetchRaw(`${staticServer}${file.path}index.html`)
      t.same([index.status, index.body.equals(await readFile(path.join(outDir, fileNameFor(file.path))))], [200, true], `${file.path}index.html is the page too`)
    }
    const viaCdn = await fetchRaw(`${staticServer}/feed.xml`, { 'accept-encoding': 'gzip', via: '1.1 cdn.example' })
    t.same([viaCdn.headers['content-encoding'], viaCdn.body.equals(await readFile(path.join(outDir, 'feed.xml.gz')))], ['gzip', true], 'a request through a CDN (Via) gets the .gz too')
    const browser = { accept: 'text/html', 'accept-encoding': 'gzip' }
    const notFoundPage = await readFile(path.join(outDir, '404.html.gz'))
    for (const missing of ['/no/such/page/', '/issues/no-such-issue/', '/media/', '/.feedwright-build', '/feed.xml.gz', '/feed.xml.br']) {
      const [fromStatic, fromReplica] = await fetchEach([staticServer, replicas[0]!.base] as const, missing, browser)
      t.same(summary(fromStatic, ['content-type', 'cache-control']), { status: 404, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', body: createHash('sha256').update(notFoundPage).digest('hex') }, `${missing}: the static server sends the 404 page`)
      t.same(summary(fromReplica, ['content-type', 'cache-control']), summary(fromStatic, ['content-type', 'cache-control']), `${missing}: as feedwright does to a browser`)
    }
  })

  await t.test('a replica restart: the proxy keeps answering, and Last-Modified and ETags stay the same', async (t) => {
    const [first, second] = replicas as [Replica, Replica]
    const validators = (answer: Answer): [string | undefined, string | undefined] => [answer.headers.etag, answer.headers['last-modified']]
    await stopChild(first.process)
    await t.rejects(fetchRaw(`${first.base}/health`), 'replica 1 is down')
    const feedBytes = await readFile(path.join(outDir, 'feed.xml'))
    const episode = await readFile(path.join(mediaDir, 'w04.mp3'))
    for (let n = 0; n < 4; n++) {
      // URLs never asked before, so they go to a replica, and media, which is never cached.
      const feed = await fetchRaw(`${proxy}/feed.xml?down=${n}`)
      t.same([feed.status, feed.body.equals(feedBytes), feed.headers['x-cache-status']], [200, true, 'MISS'], `a feed while replica 1 is down (${n})`)
      const range = await fetchRaw(`${proxy}/media/w04.mp3?down=${n}`, { range: 'bytes=0-999' })
      t.same([range.status, range.body.equals(episode.subarray(0, 1000))], [206, true], `a range while replica 1 is down (${n})`)
    }
    const upstreams = (await Promise.all([0, 1, 2, 3].flatMap((n) => [`/feed.xml?down=${n}`, `/media/w04.mp3?down=${n}`]).map(servedBy))).flat()
    t.ok(upstreams.every((addresses) => addresses.endsWith(`127.0.0.1:${second.port}`)), 'replica 2 answered each of them')
    t.ok(upstreams.includes(`127.0.0.1:${first.port}, 127.0.0.1:${second.port}`), 'after nginx tried replica 1 and found it down')

    await startReplica(first)
    for (const file of files) {
      const before = replicaAnswers.get(`${file.path} identity`)!
      const after = await fetchRaw(`${first.base}${file.path}`, { 'accept-encoding': 'identity' })
      t.same(validators(after), validators(before), `${file.path}: replica 1 restarted keeps its ETag and Last-Modified`)
    }
    // Once nginx tries replica 1 again (fail_timeout after its last failure), it serves again, the same.
    const before = replicaAnswers.get('/feed.xml identity')!
    const deadline = Date.now() + 15_000
    let n = 0
    for (; Date.now() < deadline; n++) {
      const answer = await fetchRaw(`${proxy}/feed.xml?back=${n}`, { 'accept-encoding': 'identity' })
      t.same(validators(answer), validators(before), `through the proxy (${n})`)
      if ((await servedBy(`/feed.xml?back=${n}`)).includes(`127.0.0.1:${first.port}`)) break
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    t.ok(Date.now() < deadline, `the proxy sent a request to the restarted replica 1 (after ${n + 1} requests)`)
  })
}

/** Puts the values in for the template's {{PLACEHOLDERS}}; every one must have a value. */
function fillIn (template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (placeholder, name: string) => {
    const value = values[name]
    if (value === undefined) throw new Error(`no value for ${placeholder}`)
    return value
  })
}

/** Polls until `ready` holds, failing at once with the process's output if it exits first. */
async function waitFor (child: ChildProcess, ready: () => Promise<boolean>, name: string): Promise<void> {
  let output = ''
  const collect = (chunk: Buffer): void => { output += chunk.toString() }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${name} exited before answering: ${output}`)
    if (await ready().catch(() => false)) return
    if (Date.now() > deadline) throw new Error(`${name} did not answer within 60 s: ${output}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
