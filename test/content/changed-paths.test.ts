import path from 'node:path'
import t from 'tap'
import { changedEntries, changedPaths } from '../../src/content/changed-paths.ts'

// What a reload reads again follows from these: a change the functions overlook would leave a
// file published as it was before its edit.

const issues = path.resolve('content', 'issues')

t.test('names the entries of the folder that changed, and nothing deeper or beside it', async (t) => {
  const changed = changedPaths([path.join(issues, 'a.md'), path.join(issues, 'b.md'), path.join(issues, 'sub', 'c.md'), path.resolve('content', 'episodes', 'd.md'), path.resolve('content', 'site.yaml')])
  t.same([...changedEntries(changed, issues) as Set<string>].sort(), ['a.md', 'b.md'], 'a change inside a folder in it is no change to its entries')
  t.same(changedEntries(changedPaths([]), issues), new Set(), 'nothing changed: nothing to read')
})

t.test('everything, when the folder itself, a folder above it, or anything may have changed', async (t) => {
  t.equal(changedEntries(undefined, issues), 'all')
  t.equal(changedEntries(changedPaths([issues]), issues), 'all', 'the folder (deleted and created again)')
  t.equal(changedEntries(changedPaths([`${issues}${path.sep}`]), issues), 'all', 'the folder as a listing is noted, with a trailing separator')
  t.equal(changedEntries(changedPaths([path.resolve('content')]), issues), 'all', 'the content folder')
  t.equal(changedEntries(changedPaths([path.parse(issues).root]), issues), 'all', 'the root of the file system')
  t.equal(changedEntries(changedPaths(['content/issues']), 'content/issues'), 'all', 'relative paths are made absolute on both sides')
})

t.test('a sibling whose name starts like the folder is not a folder above it', async (t) => {
  t.same(changedEntries(changedPaths([`${issues}-old`, path.join(`${issues}-old`, 'a.md')]), issues), new Set())
})
