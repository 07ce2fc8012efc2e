import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { atomConformanceProblems } from '../atom-conformance.ts'
import { loadFixture, ROOT } from '../helpers.ts'
import { feedDocuments } from './documents.ts'

const INVALID = path.join(ROOT, 'test', 'fixtures', 'atom-invalid')
const VALID = path.join(ROOT, 'test', 'fixtures', 'atom-valid')

/** The RFC 4287 sections a text cites: "§4.1.3.2", "(RFC 4287 §4.1, 6.2)". */
function sectionsCited (text: string): string[] {
  return [...text.matchAll(/§([\d.]+(?:, [\d.]+)*)/g)].flatMap((match) => match[1]!.split(', '))
}

t.test('each invalid Atom fixture breaks exactly the RFC 4287 rule its comment names, and the checks say so', async (t) => {
  const names = (await readdir(INVALID)).filter((name) => name.endsWith('.xml')).sort()
  t.ok(names.length >= 30, 'a fixture per rule')
  for (const name of names) {
    const xml = await readFile(path.join(INVALID, name), 'utf8')
    const rule = /<!-- (RFC 4287 [^\n]*) -->/.exec(xml)?.[1] ?? ''
    const problems = await atomConformanceProblems(xml)
    t.equal(problems.length, 1, `${name}: one problem (${problems.join(' | ')})`)
    t.ok(sectionsCited(problems[0] ?? '').some((section) => sectionsCited(rule).includes(section)), `${name}: "${problems[0]}" cites ${rule}`)
  }
})

t.test('conforming Atom documents that use every optional construct pass the checks', async (t) => {
  for (const name of (await readdir(VALID)).filter((candidate) => candidate.endsWith('.xml'))) {
    t.same(await atomConformanceProblems(await readFile(path.join(VALID, name), 'utf8')), [], name)
  }
})

t.test('every Atom document feedwright renders conforms to RFC 4287: main feed, archive pages, tag feeds', async (t) => {
  for (const name of ['sample', 'minimal', 'hostile', 'plain-text']) {
    const { publication } = await loadFixture(name)
    const documents = feedDocuments(publication).filter((document) => document.format === 'atom')
    t.ok(documents.length >= 2, `${name}: the main feed and more`)
    for (const document of documents) t.same(await atomConformanceProblems(document.body), [], `${name} ${document.path}`)
  }
})
