import t from 'tap'
import { recentItems } from '../../src/render/recent-items.ts'

const counted = () => {
  const rendered: string[] = []
  return { rendered, render: (item: { name: string }) => { rendered.push(item.name); return `<${item.name}>` } }
}
const named = (count: number, prefix = 'item') => Array.from({ length: count }, (_, index) => ({ name: `${prefix}-${index}` }))

t.test('an item rendered again is kept, and then rendered only when it is another object or in another context', async (t) => {
  const items = recentItems<{ name: string }>()
  const { rendered, render } = counted()
  const [a, b] = named(2)
  t.same(items([a!, b!], render), ['<item-0>', '<item-1>'])
  t.same(items([b!, a!], render), ['<item-1>', '<item-0>'], 'in the order asked for')
  t.same(rendered, ['item-0', 'item-1', 'item-1', 'item-0'], 'kept from the second time: a build renders most items once')
  t.same(items([a!, b!], render), ['<item-0>', '<item-1>'])
  t.equal(rendered.length, 4, 'then taken as they were')
  items([{ name: 'item-0' }], render)
  items([{ name: 'item-0' }], render)
  t.equal(rendered.length, 6, 'an equal object is another item: model objects are new when what they hold changed')
  items([a!], render, () => 'other')
  t.equal(rendered.length, 7, 'a changed context renders again')
  items([a!], render, () => 'other')
  t.equal(rendered.length, 7, 'and is kept in that context at once')
})

t.test('keeps a bounded number of items, but always all of the largest document', async (t) => {
  const items = recentItems<{ name: string }>()
  const { rendered, render } = counted()
  const large = named(1200, 'large')
  for (let round = 0; round < 3; round++) items(large, render)
  t.equal(rendered.length, 2400, 'a document of 1,200 items is kept whole, though that is more than are usually kept')
  const [first] = named(1, 'first')
  items([first!], render)
  items([first!], render)
  const other = named(1200, 'other')
  items(other, render)
  items(other, render)
  rendered.length = 0
  items([first!], render)
  t.same(rendered, ['first-0'], 'the least recently used item was let go')
})
