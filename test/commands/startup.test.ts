import { spawn } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import Fastify from 'fastify'
import t from 'tap'
import { request } from 'undici'
import { main } from '../../src/cli.ts'
import { chooseLogFormat, loggerOptions } from '../../src/commands/logging.ts'
import { freePort, parseXml, publicationDirs, ROOT, type TestWithTeardown } from '../helpers.ts'

async function run (...argv: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (text) => { out += text }, err: (text) => { err += text } })
  return { code, out, err }
}

/** Starts the real executable, waits for its start-up line, and stops it when the test ends. */
async function startServe (t: TestWithTeardown, args: string[]): Promise<{ stdout: () => string, stderr: () => string }> {
  // Nothing kept between runs: a cache beside the fixture would make the next run a restart, which
  // answers from its record and prints no start-up warnings.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--no-cache', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  t.teardown(async () => {
    child.kill('SIGTERM')
    await exited
  })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up line in 30 s; stderr: ${stderr}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
      if (/serving[^\n]*\n/.test(stdout)) {
        clearTimeout(timer)
        resolve()
      }
    })
    child.once('exit', () => reject(new Error(`serve exited; stderr: ${stderr}`)))
  })
  return { stdout: () => stdout, stderr: () => stderr }
}

t.test('--version and -v print the version in package.json', async (t) => {
  const { version } = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  t.same(await run('--version'), { code: 0, out: `feedwright ${version}\n`, err: '' })
  t.same(await run('-v'), { code: 0, out: `feedwright ${version}\n`, err: '' })
})

t.test('logs are human lines on a terminal and JSON elsewhere, unless told', async (t) => {
  t.equal(chooseLogFormat(undefined, {}, true), 'pretty')
  t.equal(chooseLogFormat(undefined, {}, false), 'json')
  t.equal(chooseLogFormat(undefined, { FEEDWRIGHT_LOG_FORMAT: 'json' }, true), 'json')
  t.equal(chooseLogFormat('pretty', { FEEDWRIGHT_LOG_FORMAT: 'json' }, false), 'pretty', 'the option wins')
  t.throws(() => chooseLogFormat('xml', {}, true), /--log-format: "xml" is not a log format \(pretty or json\)/)
  t.match(await run('serve', '--log-format', 'xml'), { code: 2, err: /"xml" is not a log format/ })
})

t.test('a pretty log line reads as text, with the level and the message', async (t) => {
  const destination = new PassThrough()
  let written = ''
  destination.on('data', (chunk: Buffer) => { written += chunk.toString() })
  const app = Fastify({ logger: loggerOptions('info', 'pretty', destination) })
  t.teardown(async () => await app.close())
  app.log.info({ issues: 3 }, 'serving "X" at http://localhost:1/')
  await new Promise((resolve) => setImmediate(resolve))
  t.match(written, /^\[\d{2}:\d{2}:\d{2}\] INFO: serving "X" at http:\/\/localhost:1\/ \{"issues":3\}\n$/)
  t.throws(() => JSON.parse(written), 'it is not JSON')
})

t.test('serve --local builds every URL from the port it listens on, and says so in one line', async (t) => {
  const port = await freePort()
  const { contentDir, mediaDir } = publicationDirs('sample')
  const server = await startServe(t, ['--local', '--port', String(port), '--content', contentDir, '--media', mediaDir, '--log-format', 'json'])
  const line = server.stdout().split('\n').filter(Boolean).map((text) => JSON.parse(text) as { msg: string }).find((entry) => entry.msg.startsWith('serving'))
  t.equal(line?.msg, `serving "ML & AI Safety Update" at http://localhost:${port}/; feeds and pages link to http://localhost:${port}/`)
  const response = await request(`http://localhost:${port}/feed.xml`)
  const rss = await parseXml(await response.body.text())
  t.equal(rss.rss.channel[0].link[0], `http://localhost:${port}/`)
  t.equal(server.stderr(), '', 'no warning')
})

t.test('serve warns when the base URL names another port of this machine, and prints the same podcast:guid advice as validate', async (t) => {
  const port = await freePort()
  const { contentDir, mediaDir } = publicationDirs('minimal')
  const server = await startServe(t, ['--base-url', 'http://localhost:3000/', '--port', String(port), '--content', contentDir, '--media', mediaDir, '--log-format', 'pretty'])
  t.match(server.stderr(), `warning: --base-url http://localhost:3000/ names port 3000, but the server listens on port ${port}: every link in the feeds and pages points at port 3000. Give --base-url http://localhost:${port}/, or --local`)
  t.match(server.stdout(), new RegExp(`INFO: serving "Minimal Weekly" at http://localhost:${port}/; feeds and pages link to http://localhost:3000/`), 'a human line')
  const guidAdvice = (text: string): string | undefined => text.split('\n').find((one) => one.includes('podcast_guid'))
  const validated = await run('validate', '--no-cache', '--content', contentDir, '--media', mediaDir)
  t.match(guidAdvice(validated.err), /derived from https:\/\/example\.test\/podcast\.xml/, 'from url in site.yaml')
  t.equal(guidAdvice(server.stderr()), guidAdvice(validated.err), 'serve with a temporary --base-url recommends the same value')
})

t.test('--local refuses --base-url and a port of 0', async (t) => {
  t.match(await run('serve', '--local', '--base-url', 'http://localhost:1/'), { code: 2, err: /--local and --base-url both set the public address/ })
  t.match(await run('serve', '--local', '--port', '0'), { code: 2, err: /--local needs a fixed --port/ })
})
