import t from 'tap'
import { readHtmlFacts } from '../../src/content/html-facts.ts'
import { shortenAtWord, SUMMARY_LENGTH } from '../../src/content/summary.ts'
import { renderMarkdown } from '../../src/content/markdown.ts'
import { renderRss } from '../../src/render/rss.ts'
import { copyPublication, parseXml } from '../helpers.ts'
import { errorsOf, issueText, loadOrProblems, problemLines, writeContent } from '../publication-files.ts'

const fromMarkdown = (markdown: string): string => readHtmlFacts(renderMarkdown(markdown, 'https://example.test/') as string).summary

t.test('a summary is the plain text of the first paragraph that has text', async (t) => {
  t.equal(fromMarkdown('![cover](/media/a.jpg)\n\n## Heading\n\nFirst *real*   paragraph,\nwith [a link](https://x.test) &amp; `code` <b>x</b>.\n\nSecond paragraph.'),
    'First real paragraph, with a link & code x.')
  t.equal(fromMarkdown('Q&A: 1 < 2 &lt;tag&gt; &#x263A;'), 'Q&A: 1 < 2 <tag> ☺', 'entities are decoded once, and text stays text')
  t.equal(fromMarkdown('- one\n- two\n\n# Title'), 'one two Title', 'without a paragraph, the start of the whole text')
  t.equal(fromMarkdown('![only an image](/media/a.jpg)'), '', 'no text, no summary')
})

t.test('a long first paragraph is cut at a word boundary with an ellipsis', async (t) => {
  const words = Array.from({ length: 120 }, (_, index) => `word${index}`)
  const summary = fromMarkdown(words.join(' '))
  t.ok(summary.length <= SUMMARY_LENGTH, `${summary.length} characters`)
  t.ok(summary.length > SUMMARY_LENGTH - 10, 'it uses the room it has')
  t.ok(summary.endsWith('…'))
  t.ok(words.join(' ').startsWith(summary.slice(0, -1)), 'it is the start of the paragraph')
  t.ok(words.includes(summary.slice(0, -1).split(' ').at(-1)!), 'the last word is whole')
  const japanese = fromMarkdown('機械学習の安全性について。'.repeat(40))
  t.ok(japanese.length <= SUMMARY_LENGTH && japanese.endsWith('…'), 'text without spaces is cut too')
  const url = fromMarkdown(`https://example.test/${'a'.repeat(400)}`)
  t.ok(url.length <= SUMMARY_LENGTH && url.endsWith('…'), 'a single word longer than the limit is cut')
})

// What a cut must be, said the plainest way: the words (or, when the first word alone is too long,
// the characters a reader sees as one) taken one by one from the start while they fit.
function cutByWalking (text: string, max: number): string {
  if (text.length <= max) return text
  const fitting = (granularity: 'word' | 'grapheme', kept: string): string => {
    for (const { segment } of new Intl.Segmenter(undefined, { granularity }).segment(text)) {
      if (kept.length + segment.length > max - 1) break
      kept += segment
    }
    return kept
  }
  const words = fitting('word', '')
  const kept = words.trim() === '' ? fitting('grapheme', words) : words
  return `${kept.trimEnd().replace(/[\s,;:–—-]+$/u, '')}…`
}

t.test('a cut keeps every whole word that fits and no more, in any script and with any characters', async (t) => {
  const pieces = ['word', ' ', 'hello', '世界你好', 'สวัสดีครับ', '👍🏽', '👨‍👩‍👧', 'e\u0301', '\u200d', 'https://example.test/a/long/path', '—', ',', '.', 'a.b', '3.14', "don't",
    '\ud800', '\udc00', '🇫🇷🇩🇪', 'x'.repeat(400), '\u0300'.repeat(70), 'ＡＢＣ', 'א"ב', ' \t', '\n']
  let seed = 7
  const random = (below: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return Math.floor(seed / 2147483648 * below)
  }
  let differences = 0
  for (let round = 0; round < 5000; round++) {
    const text = Array.from({ length: 1 + random(120) }, () => pieces[random(pieces.length)]).join('')
    const max = [SUMMARY_LENGTH, 50, 10, 2, 1][random(5)]!
    if (shortenAtWord(text, max) !== cutByWalking(text, max)) differences++
  }
  t.equal(differences, 0, 'the same cut as walking the words, for 5,000 texts')
})

t.test('an issue without summary: gets one from its body, and the feeds carry it', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/no-summary.md', '---\ntitle: No summary\ndate: 2024-02-01T09:00:00Z\n---\n## Hello\n\nThe **first** paragraph &amp; more.\n\nThe second.\n')
  await writeContent(dirs, 'issues/own-summary.md', issueText({ title: 'Own', date: '2024-02-02T09:00:00Z', summary: 'Written by hand.' }, 'Body text.'))
  await writeContent(dirs, 'issues/draft.md', '---\ntitle: Draft\ndate: 2024-02-03T09:00:00Z\ndraft: true\n---\n')
  const { loaded, problems } = await loadOrProblems(dirs)
  t.same(errorsOf(problems), [], 'a draft with no body and no summary is fine')
  const rss = await parseXml(renderRss(loaded!.publication))
  const description = (title: string): string => rss.rss.channel[0].item.find((item: { title: string[] }) => item.title[0] === title).description[0]
  // An RSS description is HTML, so the plain-text summary arrives HTML-escaped (see plain-text.ts).
  t.equal(description('No summary'), 'The first paragraph &amp; more.')
  t.equal(description('Own'), 'Written by hand.', 'summary: overrides the derived one')
})

t.test('an issue with neither summary nor text is refused with a clear fix', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'issues/empty.md', '---\ntitle: Empty\ndate: 2024-02-01T09:00:00Z\n---\n![just a picture](/media/artwork.png)\n')
  const { problems } = await loadOrProblems(dirs)
  t.same(problemLines(errorsOf(problems), dirs.contentDir), [
    'issues/empty.md: error: summary: is needed: the body has no text to take a summary from; write summary: in the front matter, or a first paragraph'
  ])
})

t.test('an episode without an issue takes its summary from its show notes', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  await writeContent(dirs, 'episodes/extra.md', '---\ntitle: Extra\ndate: 2024-01-09T09:00:00Z\naudio: tone.mp3\n---\nShow notes of the extra episode.\n')
  const { loaded } = await loadOrProblems(dirs)
  t.equal(loaded!.publication.episodes.find((episode) => episode.title === 'Extra')?.summary, 'Show notes of the extra episode.')
})
