import t from 'tap'
import { renderBodyWithFacts } from '../../src/content/html-facts.ts'
import { createLoadCache } from '../../src/content/load-cache.ts'
import { markdownKey } from '../../src/content/markdown.ts'
import { prerenderMarkdown, startMarkdownRendering } from '../../src/content/markdown-pool.ts'

// A cold load of a large archive renders its Markdown, and reads the summary and links of the
// HTML, on worker threads while it reads the files: what it leaves in the cache for each body must
// be what rendering that body alone in this thread gives.

const BASE = 'https://example.test/'

function body (index: number): string {
  const kinds = [
    `Issue ${index} &amp; more: see [the last one](/issues/issue-${index - 1}/) and [elsewhere](https://other.test/${index}).\n\nSecond paragraph.`,
    `- only\n- a list ${index}\n\n## A heading`,
    `![an image](/media/${index}.jpg)`,
    `${'word '.repeat(100)}${index}`,
    `> ${'>'.repeat(200)} nested too deep ${index}`
  ]
  return kinds[index % kinds.length]!
}

t.test('a load\'s rendering, fed as files are read and then by prerenderMarkdown, leaves each body\'s own HTML and facts in the cache', async (t) => {
  const cache = createLoadCache()
  const sources = Array.from({ length: 250 }, (_, index) => ({ body: body(index), digest: `digest-${index}` }))
  const rendering = startMarkdownRendering(BASE, cache)
  // The first half as if read while the rest is still being read; prerenderMarkdown adds the rest.
  for (const source of sources.slice(0, 125)) rendering.add(source)
  await prerenderMarkdown(sources, BASE, cache, rendering)
  const factsOf = (index: number): unknown => {
    const html = cache.peek<string | { reason: string }>('markdown', markdownKey(sources[index]!, BASE))
    return typeof html === 'string' ? cache.peek('html-facts', (renderBodyWithFacts(sources[index]!.body, BASE) as { factsKey: string }).factsKey) : html
  }

  for (const [index, source] of sources.entries()) {
    const expected = renderBodyWithFacts(source.body, BASE)
    const html = cache.peek<string | { reason: string }>('markdown', markdownKey(source, BASE))
    if ('reason' in expected) {
      t.same(html, expected, `body ${index}: why it cannot be rendered`)
      continue
    }
    t.equal(html, expected.html, `body ${index}: its HTML`)
    t.same(cache.peek('html-facts', expected.factsKey), expected.facts, `body ${index}: its summary and links`)
  }

  t.same(factsOf(5), { summary: 'Issue 5 & more: see the last one and elsewhere.', links: ['https://example.test/issues/issue-4/', 'https://other.test/5'] }, 'the first paragraph, entities decoded; every link, made absolute')
  t.match(factsOf(6), { summary: 'only a list 6 A heading' }, 'without a paragraph, the start of the text')
  t.same(factsOf(7), { summary: '', links: [] }, 'no text, no summary')
  t.match(factsOf(9), { reason: /nested more than/ }, 'what cannot be rendered says why')
})
