import t from 'tap'
import { parseIsoDate } from '../../src/content/iso-date.ts'

t.test('reads a date with a time zone offset', async (t) => {
  t.same(parseIsoDate('2023-01-27T17:00:00+01:00'), new Date('2023-01-27T16:00:00Z'))
  t.same(parseIsoDate('2024-02-29T23:59:59Z'), new Date('2024-02-29T23:59:59Z'), 'a leap day')
})

t.test('refuses an impossible date instead of rolling it over', async (t) => {
  t.match(parseIsoDate('2023-02-30T10:00:00Z'), { reason: /not a real date/ })
  t.match(parseIsoDate('2023-02-29T10:00:00Z'), { reason: /not a real date/ })
  t.match(parseIsoDate('2023-01-27T24:30:00Z'), { reason: /not a real date/ })
})

t.test('refuses a date without a time zone and says how to write one', async (t) => {
  t.match(parseIsoDate('2023-01-27 10:00'), { reason: /no time zone/ })
  t.match(parseIsoDate('2023-01-27'), { reason: /no time zone/ })
  t.match(parseIsoDate('27/01/2023'), { reason: /not an ISO 8601 date/ })
})
