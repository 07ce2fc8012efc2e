import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { lockCacheFolder } from '../../src/live/cache-lock.ts'
import { makeTempDir, stopChild } from '../helpers.ts'

t.test('a folder held by a running process is refused, and taken once that process is gone', async (t) => {
  const cacheDir = await makeTempDir(t, 'cache-lock-')
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  t.teardown(async () => await stopChild(other))
  await writeFile(path.join(cacheDir, 'serve.lock'), `${other.pid}\n`)
  const refused = await lockCacheFolder(cacheDir)
  t.same(refused, { pid: other.pid, file: path.join(cacheDir, 'serve.lock') })
  await stopChild(other)
  const taken = await lockCacheFolder(cacheDir)
  t.notOk('pid' in taken, 'taken over from a process that is gone')
  t.equal(await readFile(path.join(cacheDir, 'serve.lock'), 'utf8'), `${process.pid}\n`)
  if ('pid' in taken) return
  await taken.release()
  await t.rejects(readFile(path.join(cacheDir, 'serve.lock')), { code: 'ENOENT' }, 'released: the file is gone')
})

t.test('a lock naming this very process (a restarted container) or nothing readable is taken', async (t) => {
  for (const text of [`${process.pid}\n`, '', 'not a pid', '0\n']) {
    const cacheDir = await makeTempDir(t, 'cache-lock-')
    await writeFile(path.join(cacheDir, 'serve.lock'), text)
    const lock = await lockCacheFolder(cacheDir)
    t.notOk('pid' in lock, JSON.stringify(text))
  }
})

t.test('a lock is released only by its holder', async (t) => {
  const cacheDir = await makeTempDir(t, 'cache-lock-')
  const lock = await lockCacheFolder(cacheDir)
  if ('pid' in lock) throw new Error('the folder was free')
  const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
  t.teardown(async () => await stopChild(other))
  // Someone deleted the lock by hand and another server took the folder meanwhile.
  await writeFile(path.join(cacheDir, 'serve.lock'), `${other.pid}\n`)
  await lock.release()
  t.equal(await readFile(path.join(cacheDir, 'serve.lock'), 'utf8'), `${other.pid}\n`, 'the other server keeps it')
})
