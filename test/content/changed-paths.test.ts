import path from 'node:path'
import t from 'tap'
import { changedEntries, changedPaths, changedWithin } from '../../src/content/changed-paths.ts'

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

t.test('anything in a folder at any depth, the folder, or a folder above it is a change within it; a sibling is not', async (t) => {
  const media = path.resolve('media')
  t.ok(changedWithin(undefined, media), 'anything may have changed')
  t.ok(changedWithin(changedPaths([path.join(media, 'audio', 'w04.mp3')]), media), 'a file in a folder in it')
  t.ok(changedWithin(changedPaths([path.join(media, 'w04.vtt')]), media), 'a file in it')
  t.ok(changedWithin(changedPaths([media]), media), 'the folder itself')
  t.ok(changedWithin(changedPaths([`${media}${path.sep}`]), media), 'its listing')
  t.ok(changedWithin(changedPaths([path.parse(media).root]), media), 'the root of the file system')
  t.notOk(changedWithin(changedPaths([`${media}-old`, path.join(`${media}-old`, 'a.mp3'), path.resolve('content', 'issues', 'a.md')]), media), 'a sibling whose name starts alike, and content')
  t.notOk(changedWithin(changedPaths([]), media), 'nothing')
})
