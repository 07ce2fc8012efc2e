import t from 'tap'
import { parseFeedDate } from '../../src/import/feed-dates.ts'

t.test('reads RFC 822 dates as feeds write them, obsolete zones included', async (t) => {
  const cases: Array<[string, string]> = [
    ['Tue, 05 Mar 2024 12:00:00 GMT', '2024-03-05T12:00:00.000Z'],
    ['Sun, 03 Mar 2024 08:30:00 EST', '2024-03-03T13:30:00.000Z'],
    ['Sun, 03 Mar 2024 08:30:00 EDT', '2024-03-03T12:30:00.000Z'],
    ['Wed, 28 Feb 2024 09:00:00 PST', '2024-02-28T17:00:00.000Z'],
    ['Wed, 28 Feb 2024 09:00:00 PDT', '2024-02-28T16:00:00.000Z'],
    ['Wed, 28 Feb 2024 09:00:00 CST', '2024-02-28T15:00:00.000Z'],
    ['Wed, 28 Feb 2024 09:00:00 MDT', '2024-02-28T15:00:00.000Z'],
    ['Mon, 01 Jan 2024 09:00:00 Z', '2024-01-01T09:00:00.000Z'],
    ['Mon, 01 Jan 2024 09:00:00 A', '2024-01-01T09:00:00.000Z'],
    ['Mon, 01 Jan 2024 09:00:00 UT', '2024-01-01T09:00:00.000Z'],
    ['Thu, 29 Feb 2024 14:00:00 -0500', '2024-02-29T19:00:00.000Z'],
    ['Thu, 29 Feb 2024 14:00:00 +0530', '2024-02-29T08:30:00.000Z'],
    ['1 Jan 2024 9:05 GMT', '2024-01-01T09:05:00.000Z'],
    ['Monday, 01 June 2024 09:00:00 +0000', '2024-06-01T09:00:00.000Z'],
    ['Fri, 01 Jan 99 00:00:00 GMT', '1999-01-01T00:00:00.000Z'],
    ['Fri, 01 Jan 04 00:00:00 GMT', '2004-01-01T00:00:00.000Z']
  ]
  for (const [text, iso] of cases) t.equal(parseFeedDate(text)?.toISOString(), iso, text)
})

t.test('reads ISO 8601 with or without seconds, zone or time', async (t) => {
  const cases: Array<[string, string]> = [
    ['2024-03-01T12:00:00+01:00', '2024-03-01T11:00:00.000Z'],
    ['2024-03-03T09:15:00.123Z', '2024-03-03T09:15:00.123Z'],
    ['2024-02-10T10:00Z', '2024-02-10T10:00:00.000Z'],
    ['2024-02-10T10:00:00+0100', '2024-02-10T09:00:00.000Z'],
    ['2024-02-10T10:00:00', '2024-02-10T10:00:00.000Z'],
    ['2024-02-10', '2024-02-10T00:00:00.000Z']
  ]
  for (const [text, iso] of cases) t.equal(parseFeedDate(text)?.toISOString(), iso, text)
})

t.test('gives nothing for what is not a date', async (t) => {
  for (const text of ['yesterday', '2024-02-30T10:00:00Z', 'Mon, 32 Jan 2024 09:00:00 GMT', 'Mon, 01 Foo 2024 09:00:00 GMT', 'Mon, 01 Jan 2024 25:00:00 GMT', '']) {
    t.equal(parseFeedDate(text), undefined, JSON.stringify(text))
  }
})
