import path from 'node:path'
import t from 'tap'
import { main } from '../../src/cli.ts'
import { makeTempDir } from '../helpers.ts'
import { IMPORT_FIXTURES } from './import-helpers.ts'

async function run (...argv: string[]): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const code = await main(argv, { out: (text) => { out += text }, err: (text) => { err += text } })
  return { code, out, err }
}

t.test('import --help explains SOURCE and the options', async (t) => {
  const result = await run('import', '--help')
  t.equal(result.code, 0)
  t.match(result.out, /Usage: feedwright import SOURCE/)
  t.match(result.out, /--download-media/)
  t.match(result.out, /--dry-run/)
  t.match((await run('--help')).out, /import +bring in an existing publication/)
})

t.test('import without SOURCE, or with two, is a usage error', async (t) => {
  t.match(await run('import'), { code: 2, err: /import needs SOURCE/ })
  t.match(await run('import', 'a.xml', 'b.xml'), { code: 2, err: /unexpected argument "b\.xml"/ })
})

t.test('importing a feed file prints what it wrote and the report, and validate accepts the result', async (t) => {
  const dir = await makeTempDir(t, 'cli-import')
  const folders = ['--content', path.join(dir, 'content'), '--media', path.join(dir, 'media')]
  // Read from a file: the artwork's host cannot be reached, so a placeholder stands in, and says so.
  const result = await run('import', path.join(IMPORT_FIXTURES, 'rss1.rdf'), ...folders)
  t.equal(result.code, 0, result.err)
  t.match(result.out, /create .*content\/site\.yaml/)
  t.match(result.out, /create .*content\/issues\/2024-02-10-1\.md|create .*content\/issues\/2024-02-10-first-note\.md/)
  t.match(result.out, /1 item \(0 with an episode\) from 1 RSS 1\.0 document: 1 new, 0 updated, 0 unchanged, 0 kept as you edited them/)
  t.match(result.out, /Not carried over, or to check:\n {2}site\.yaml\n {4}- owner\.email: the feed gives no email/)
  t.match(result.out, /artwork: the feed has no artwork; a plain grey placeholder/)
  const validated = await run('validate', ...folders)
  t.equal(validated.code, 0, validated.err)
  t.match(validated.out, /valid: 1 issue, 0 episodes/)
})

t.test('a source that is neither a URL nor a readable file is one line and exit code 1', async (t) => {
  const dir = await makeTempDir(t, 'cli-import')
  const result = await run('import', path.join(dir, 'missing.xml'), '--content', path.join(dir, 'content'), '--media', path.join(dir, 'media'))
  t.equal(result.code, 1)
  t.match(result.err, /^feedwright import: .*missing\.xml: cannot read it \(ENOENT\); give an https:\/\/ address or the path of a feed file\n$/)
})
