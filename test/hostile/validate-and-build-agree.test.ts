import { execFile } from 'node:child_process'
import { symlink, truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { build } from '../../src/commands/build.ts'
import { validate } from '../../src/commands/validate.ts'
import { makeTempDir } from '../helpers.ts'
import { editSite, episodeFile, hostilePublication, issueFile, type HostilePublication } from './hostile-publication.ts'

/** One hostile case: the files it writes into the minimal publication, and anything else it does to it. */
interface HostileCase {
  readonly files?: Readonly<Record<string, string>>
  readonly site?: Readonly<Record<string, string>>
  readonly prepare?: (dirs: HostilePublication) => Promise<void>
}

const CASES: Readonly<Record<string, HostileCase>> = {
  'an updated date at +25:00': { files: { 'content/issues/x.md': issueFile({ updated: '2024-02-04T09:00:00+25:00' }) } },
  'an episode date at +99:99': { files: { 'content/episodes/x.md': episodeFile({ date: '2024-02-04T09:00:00+99:99' }) } },
  'an unparsable site url': { site: { url: '"https://exa%zzmple.org/"' } },
  'an unparsable hub': { site: { hubs: '["https://[::1"]' } },
  'an alias bomb': { files: { 'content/issues/x.md': `---\na: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [${'*a, '.repeat(9)}*a]\nc: &c [${'*b, '.repeat(9)}*b]\nd: [${'*c, '.repeat(9)}*c]\n---\n` } },
  '2,000 ">"': { files: { 'content/issues/x.md': issueFile({}, '>'.repeat(2000)) } },
  'a title of control characters': { files: { 'content/issues/x.md': issueFile({ title: '"\\x01\\x02"' }) } },
  '2,000 tags': { files: { 'content/issues/x.md': issueFile({ tags: `[${Array.from({ length: 2000 }, (_, index) => `t${index}`).join(', ')}]` }) } },
  'a FIFO named x.md': { prepare: async (dirs) => { await promisify(execFile)('mkfifo', [path.join(dirs.contentDir, 'issues', 'x.md')]) } },
  'a dangling symlink': { prepare: async (dirs) => await symlink('gone.md', path.join(dirs.contentDir, 'issues', 'x.md')) },
  'zeros named .mp3': {
    files: { 'content/episodes/x.md': episodeFile({ audio: 'zeros.mp3' }) },
    prepare: async (dirs) => {
      await writeFile(path.join(dirs.mediaDir, 'zeros.mp3'), '')
      await truncate(path.join(dirs.mediaDir, 'zeros.mp3'), 64 * 1024 * 1024)
    }
  },
  'control characters and references to them in the text (valid)': { files: { 'content/issues/x.md': issueFile({ title: '"Ti\\x01tle"' }, 'a &#x1; b \u0002 c') } }
}

async function run (command: (output: { out: (text: string) => void, err: (text: string) => void }) => Promise<number>): Promise<{ code: number, problems: string[] }> {
  let err = ''
  const code = await command({ out: () => {}, err: (text) => { err += text } })
  return { code, problems: err.split('\n').filter((line) => line.includes(': ') && !/^(Nothing was written|.*: invalid: )/.test(line)).sort() }
}

for (const [name, hostile] of Object.entries(CASES)) {
  t.test(`validate and build agree on ${name}`, async (t) => {
    const dirs = await hostilePublication(t, hostile.files)
    if (hostile.site !== undefined) await editSite(dirs, hostile.site)
    await hostile.prepare?.(dirs)
    const outDir = await makeTempDir(t, 'agree')
    const validated = await run(async (output) => await validate(dirs, output))
    const built = await run(async (output) => await build({ ...dirs, outDir }, output))
    t.equal(built.code, validated.code, 'the same exit code')
    t.same(built.problems, validated.problems, 'the same problems')
    if (name.endsWith('(valid)')) t.equal(validated.code, 0)
    else t.ok(validated.problems.some((line) => !line.includes(': warning: ')), 'at least one error')
  })
}
