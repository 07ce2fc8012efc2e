import { readdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { importCommand } from './src/commands/import.ts'
import { mockOldHosts } from './test/import/import-helpers.ts'
const [source, ...docs] = process.argv.slice(2)
const documents: Record<string, string> = {}
for (const pair of docs) { const at = pair.lastIndexOf('='); const url = pair.slice(0, at); const file = pair.slice(at + 1); documents[url!] = file! }
const teardowns: Array<() => unknown> = []
const dispatcher = await mockOldHosts({ teardown: (fn) => teardowns.push(fn) }, documents)
const dir = '/tmp/smoke2'
await rm(dir, { recursive: true, force: true })
const code = await importCommand({ source: source!, contentDir: `${dir}/content`, mediaDir: `${dir}/media`, dispatcher, wait: async () => {} }, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s) })
for (const sub of ['issues', 'episodes']) for (const f of await readdir(path.join(dir, 'content', sub)).catch(() => [])) console.log(`==== ${sub}/${f}\n${await readFile(path.join(dir, 'content', sub, f), 'utf8')}`)
console.log(code); for (const fn of teardowns) await fn()
