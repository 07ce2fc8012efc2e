import t from 'tap'
import { episodeFile, errorsOf, hostilePublication, issueFile, unclearLines } from './hostile-publication.ts'

t.test('refuses an updated date with an impossible offset instead of crashing build', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/offset.md': issueFile({ updated: '2024-02-04T09:00:00+25:00' }) })
  const errors = await errorsOf(dirs)
  t.match(errors, [{ file: /offset\.md$/, field: 'updated', line: 5, message: /"2024-02-04T09:00:00\+25:00" has an impossible time zone offset/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('refuses an issue date with an impossible offset instead of dropping the issue', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/offset.md': issueFile({ date: '2024-02-04T09:00:00+99:99' }) })
  t.match(await errorsOf(dirs), [{ file: /offset\.md$/, field: 'date', message: /impossible time zone offset/ }])
})

t.test('refuses an episode date with an impossible offset instead of dropping the episode', async (t) => {
  const dirs = await hostilePublication(t, { 'content/episodes/offset.md': episodeFile({ date: '2024-02-04T09:00:00+25:00' }) })
  t.match(await errorsOf(dirs), [{ file: /offset\.md$/, field: 'date', message: /impossible time zone offset/ }])
})

t.test('reports a date field once, even when it is also too long', async (t) => {
  const dirs = await hostilePublication(t, { 'content/issues/long-date.md': issueFile({ date: `2024-02-04T09:00:00Z${'0'.repeat(5000)}` }) })
  const errors = await errorsOf(dirs)
  t.equal(errors.filter((problem) => problem.field === 'date').length, 1)
  t.same(unclearLines(errors, dirs), [])
})
