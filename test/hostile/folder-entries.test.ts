import { execFile } from 'node:child_process'
import { chmod, mkdir, rm, symlink, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { LIMITS } from '../../src/content/limits.ts'
import { attemptLoad, errorsOf, hostilePublication, issueFile, unclearLines, type HostilePublication } from './hostile-publication.ts'

/** Loads, failing instead of waiting forever when something blocks (a FIFO opened for reading does). */
async function errorsWithin (dirs: HostilePublication, ms: number): Promise<ReturnType<typeof errorsOf>> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => { timer = setTimeout(() => reject(new Error(`loading took more than ${ms} ms`)), ms) })
  try {
    return await Promise.race([errorsOf(dirs), timeout])
  } finally {
    clearTimeout(timer)
  }
}

const issues = (dirs: HostilePublication, ...names: string[]) => path.join(dirs.contentDir, 'issues', ...names)

t.test('reports a file name that is not UTF-8, showing its bytes', async (t) => {
  const dirs = await hostilePublication(t)
  await writeFile(Buffer.concat([Buffer.from(issues(dirs, 'caf')), Buffer.from([0xe9]), Buffer.from('.md')]), issueFile())
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues\/caf\\xE9\.md$/, message: /file name is not UTF-8/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('reports a file name holding control characters without printing them', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/line\nbreak.md': issueFile() })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues\/line\\x0Abreak\.md$/, message: /control characters/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('reports a folder named like an issue file', async (t) => {
  const dirs = await hostilePublication(t)
  await mkdir(issues(dirs, 'folder.md'))
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues\/folder\.md$/, message: /is a folder, not a file/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('reports a symlink that points at nothing', async (t) => {
  const dirs = await hostilePublication(t)
  await symlink('gone.md', issues(dirs, 'dangling.md'))
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues\/dangling\.md$/, message: /symlink to something that does not exist/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('reports a FIFO named like an issue file at once, instead of waiting for a writer forever', async (t) => {
  const dirs = await hostilePublication(t)
  await promisify(execFile)('mkfifo', [issues(dirs, 'pipe.md')])
  const errors = await errorsWithin(dirs, 5000)
  t.match(errors, [{ file: /content\/issues\/pipe\.md$/, message: /not a regular file/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses a symlink to a file outside content/, as media/ does', async (t) => {
  const dirs = await hostilePublication(t, { 'elsewhere/secret.md': issueFile({ title: 'SECRET-OUTSIDE' }) })
  await symlink(path.join(dirs.root, 'elsewhere', 'secret.md'), issues(dirs, 'leak.md'))
  const { loaded, errors } = await attemptLoad(dirs)
  t.equal(loaded, undefined)
  t.match(errors, [{ file: /content\/issues\/leak\.md$/, message: /points outside content\// }])
  t.notMatch(errors.map((problem) => problem.message).join('\n'), 'elsewhere', 'the target is not echoed')
})

t.test('refuses an issues folder that is a symlink to a folder outside content/', async (t) => {
  const dirs = await hostilePublication(t, { 'elsewhere/issues/secret.md': issueFile({ title: 'SECRET-OUTSIDE' }) })
  await rm(issues(dirs), { recursive: true })
  await symlink(path.join(dirs.root, 'elsewhere', 'issues'), issues(dirs))
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues$/, message: /points outside content\// }])
})

t.test('follows symlinks that stay inside content/', async (t) => {
  const dirs = await hostilePublication(t, { 'content/drafts/third.md': issueFile({ title: 'Linked from drafts' }) })
  await symlink('../drafts/third.md', issues(dirs, 'third.md'))
  const { loaded, errors } = await attemptLoad(dirs)
  t.same(errors, [])
  t.ok(loaded!.publication.issues.some((issue) => issue.title === 'Linked from drafts'))
})

t.test('skips the lock and metadata files editors and macOS leave beside a file', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/._first.md': Buffer.from([0, 5, 22, 7, 0, 2, 0, 0, 0xff, 0xfe]) })
  // Emacs marks a file it edits with a symlink to user@host.pid, which exists nowhere.
  await symlink('ada@host.4242:1700000000', issues(dirs, '.#first.md'))
  t.same(await errorsOf(dirs), [])
})

t.test('refuses a file that is not UTF-8, giving the line of the first bad byte', async (t) => {
  const latin1 = Buffer.from(issueFile({}, 'First line.\nCaf\u00e9 au lait.\n'), 'latin1')
  const dirs = await hostilePublication(t, { 'content/issues/latin1.md': latin1 })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /latin1\.md$/, line: 7, message: /is not UTF-8 text/ }])
})

t.test('refuses a UTF-16 file and says to save it as UTF-8', async (t) => {
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(issueFile(), 'utf16le')])
  const dirs = await hostilePublication(t, { 'content/issues/utf16.md': utf16 })
  t.match(await errorsOf(dirs), [{ file: /utf16\.md$/, message: /UTF-16.*save it as UTF-8/ }])
})

t.test('refuses a 2 GB issue file at once, without reading it', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/huge.md': issueFile() })
  await truncate(issues(dirs, 'huge.md'), 2 * 1024 ** 3)
  const started = Date.now()
  const errors = await errorsOf(dirs)
  t.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
  t.match(errors, [{ file: /huge\.md$/, message: `is 2097152 KiB; at most ${LIMITS.markdownFileBytes / 1024} KiB are allowed` }])
})

t.test('reports a site.yaml that is a folder or a FIFO, and still checks the issues', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/no-title.md': '---\ndate: 2024-02-01T09:00:00Z\nsummary: s\n---\n' })
  await rm(path.join(dirs.contentDir, 'site.yaml'))
  await promisify(execFile)('mkfifo', [path.join(dirs.contentDir, 'site.yaml')])
  const errors = await errorsWithin(dirs, 5000)
  t.match(errors, [{ file: /content\/site\.yaml$/, message: /not a regular file/ }, { file: /no-title\.md$/, field: 'title' }])
})

t.test('reports a file it may not read as permission denied', { skip: process.getuid?.() === 0 && 'root may read every file' }, async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/private.md': issueFile() })
  await chmod(issues(dirs, 'private.md'), 0)
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /private\.md$/, message: /permission denied/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('reports a symlink loop named like an issue file', async (t) => {
  const dirs = await hostilePublication(t)
  await symlink('loop-b.md', issues(dirs, 'loop-a.md'))
  await symlink('loop-a.md', issues(dirs, 'loop-b.md'))
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /loop-a\.md$/, message: /symlink loop/ }, { file: /loop-b\.md$/, message: /symlink loop/ }])
})

t.test('reports an issues "folder" that is a file', async (t) => {
  const dirs = await hostilePublication(t)
  await rm(issues(dirs), { recursive: true })
  await writeFile(issues(dirs), 'not a folder')
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /content\/issues$/, message: /is a file, not a folder/ }])
})
