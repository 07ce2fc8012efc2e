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

t.test('refuses a time zone offset no place has, instead of making an invalid date', async (t) => {
  for (const value of ['2023-02-04T09:00:00+25:00', '2023-02-04T09:00:00+99:99', '2023-02-04T09:00:00-24:00', '2023-02-04T09:00:00+01:60']) {
    t.match(parseIsoDate(value), { reason: /time zone offset/ }, value)
  }
})

t.test('reads the widest offsets in use, and the largest RFC 3339 allows', async (t) => {
  t.same(parseIsoDate('2023-02-04T09:00:00+14:00'), new Date('2023-02-03T19:00:00Z'), 'Kiribati')
  t.same(parseIsoDate('2023-02-04T09:00:00-12:00'), new Date('2023-02-04T21:00:00Z'), 'Baker Island')
  t.same(parseIsoDate('2023-02-04T09:00:00+23:59'), new Date('2023-02-03T09:01:00Z'))
})

t.test('echoes at most a short excerpt of a long wrong value', async (t) => {
  const reason = (parseIsoDate(`2023-02-04T09:00:00Z${'x'.repeat(100000)}`) as { reason: string }).reason
  t.ok(reason.length < 200, `${reason.length} characters`)
  t.match(reason, /100020 characters/)
})
