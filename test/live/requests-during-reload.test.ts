import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { request } from 'undici'
import { copyPublication, freePort, ROOT } from '../helpers.ts'

// Rendering and compressing a new version runs in a worker thread: a request that arrives during
// a long reload is answered at once from the version being served, not after the reload.
t.setTimeout(240_000)

t.test('requests are answered from the current version while a reload of every output runs', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  // Enough issues that re-rendering every page and feed takes seconds, not milliseconds.
  for (let n = 1; n <= 1500; n++) {
    await writeFile(path.join(dirs.contentDir, 'issues', `generated-${n}.md`), `---\ntitle: Generated ${n}\ndate: ${new Date(Date.UTC(2015, 0, n)).toISOString()}\ntags: [tag-${n % 40}]\n---\n${'Some **text** with a [link](https://example.com/). '.repeat(60)}\n`)
  }
  const port = await freePort('127.0.0.1')
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'serve', '--content', dirs.contentDir, '--media', dirs.mediaDir,
    '--no-cache', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warn', '--log-format', 'json'], { cwd: ROOT, stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  t.teardown(async () => {
    child.kill('SIGTERM')
    await exited
  })
  const feed = `http://127.0.0.1:${port}/feed.xml`
  const get = async (): Promise<string | undefined> => {
    try {
      const response = await request(feed)
      const body = await response.body.text()
      return response.statusCode === 200 ? body : undefined
    } catch {
      return undefined
    }
  }
  const startedWaiting = Date.now()
  while (await get() === undefined) {
    if (Date.now() - startedWaiting > 180_000) throw new Error('serve did not answer in 180 s')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }

  const site = path.join(dirs.contentDir, 'site.yaml')
  await writeFile(site, (await readFile(site, 'utf8')).replace(/^title: .*$/m, 'title: Retitled, so every output is rendered again'))
  const edited = performance.now()
  const waits: number[] = []
  let answeredOld = 0
  for (;;) {
    const asked = performance.now()
    const body = await get()
    waits.push(performance.now() - asked)
    if (body?.includes('Retitled, so every output is rendered again') === true) break
    if (body !== undefined) answeredOld++
    if (performance.now() - edited > 180_000) throw new Error('the new version was never served')
  }
  const reload = performance.now() - edited
  const longest = Math.max(...waits)
  t.ok(reload > 1000, `the reload took long enough to matter (${reload.toFixed(0)} ms)`)
  t.ok(answeredOld >= 10, `requests were answered with the current version meanwhile (${answeredOld})`)
  t.ok(longest < reload / 4, `no request waited for the reload: the longest took ${longest.toFixed(0)} ms of a ${reload.toFixed(0)} ms reload`)
})
