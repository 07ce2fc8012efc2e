import t from 'tap'
import { main } from '../../src/cli.ts'
import { copyPublication } from '../helpers.ts'
import { issueText, writeContent } from '../publication-files.ts'

async function validate (dirs: { contentDir: string, mediaDir: string }): Promise<{ code: number, out: string, err: string }> {
  let out = ''
  let err = ''
  const code = await main(['validate', '--content', dirs.contentDir, '--media', dirs.mediaDir], { out: (text) => { out += text }, err: (text) => { err += text } })
  return { code, out, err }
}

t.test('validate lists the drafts and scheduled issues and episodes it holds back, and why', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/draft.md', issueText({ title: 'Draft', date: '2024-01-20T09:00:00Z', draft: 'true' }))
  await writeContent(dirs, 'issues/later.md', issueText({ title: 'Later', date: '2999-01-01T09:00:00+01:00' }))
  await writeContent(dirs, 'episodes/later.md', '---\nissue: later\naudio: tone.mp3\n---\n')
  const { code, out } = await validate(dirs)
  t.equal(code, 0)
  const lines = out.trim().split('\n')
  t.match(lines, [
    /episodes\/later\.md: held back: scheduled for 2999-01-01T08:00:00Z$/,
    /issues\/draft\.md: held back: draft \(remove draft: true to publish it\)$/,
    /issues\/later\.md: held back: scheduled for 2999-01-01T08:00:00Z$/,
    /valid: 2 issues, 2 episodes, 3 held back/
  ])
})

t.test('validate warns about links to drafts, later issues and slugs no issue has', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/draft.md', issueText({ title: 'Draft', date: '2024-01-20T09:00:00Z', draft: 'true' }))
  await writeContent(dirs, 'issues/later.md', issueText({ title: 'Later', date: '2999-01-01T09:00:00Z' }, 'Back to [the first](/issues/first/).'))
  await writeContent(dirs, 'issues/linking.md', issueText({ title: 'Linking', date: '2024-01-15T09:00:00Z' },
    'See [the draft](/issues/draft/), [what comes](https://example.test/issues/later/), [a typo](/issues/secnod) and [the first](/issues/first/#top).'))
  const { code, err } = await validate(dirs)
  t.equal(code, 0, 'warnings do not fail')
  const warnings = err.trim().split('\n').filter((line) => line.includes('issues/'))
  t.match(warnings, [
    /issues\/linking\.md: warning: body: links to https:\/\/example\.test\/issues\/draft\/, a draft: the link is dead until .*issues\/draft\.md is published$/,
    /issues\/linking\.md: warning: body: links to https:\/\/example\.test\/issues\/later\/, scheduled for 2999-01-01T09:00:00Z: the link is dead until then$/,
    /issues\/linking\.md: warning: body: links to https:\/\/example\.test\/issues\/secnod, which is no issue \(the nearest slugs: second, draft, first\)$/
  ])
  t.equal(warnings.length, 3, 'links to published issues are fine, and so is a later issue linking back')
})
