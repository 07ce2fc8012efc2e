import { parseIsoDate } from '../content/iso-date.ts'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

// RFC 822 §5.1 named zones. Military letters other than Z had their signs reversed in RFC 822
// itself, so RFC 2822 §4.3 says to read them as -0000 (unknown, i.e. UTC): we do the same.
const ZONES: Readonly<Record<string, number>> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0, EST: -5, EDT: -4, CST: -6, CDT: -5, MST: -7, MDT: -6, PST: -8, PDT: -7
}

// Day name optional, day and hour of one or two digits, seconds optional, month by its first
// three letters (feeds write "June" and "Sept" too), zone as a name, a letter or ±hhmm.
const RFC822 = /^(?:[A-Za-z]+,?\s*)?(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([A-Za-z]{1,5}|[+-]\d{2}:?\d{2})?$/

/**
 * Reads a date as feeds write it: RFC 822 (RSS `pubDate`, with obsolete zones such as EST, PDT
 * and military letters) or ISO 8601 (Atom, JSON Feed, `dc:date`, also without seconds, zone or
 * time). A date without a zone is read as UTC. Returns undefined when it is neither.
 */
export function parseFeedDate (value: string | undefined): Date | undefined {
  if (value === undefined) return undefined
  const text = value.trim().replace(/\s+/g, ' ')
  return parseRfc822(text) ?? parseIso(text)
}

function parseRfc822 (text: string): Date | undefined {
  const match = RFC822.exec(text)
  if (match === null) return undefined
  const [, day, monthName, yearText, hour, minute, second, zone] = match
  const month = MONTHS.indexOf(monthName!.slice(0, 3).toLowerCase())
  if (month === -1) return undefined
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, the others 19xx.
  const year = yearText!.length === 2 ? (Number(yearText) < 50 ? 2000 : 1900) + Number(yearText) : Number(yearText)
  const offsetMinutes = zoneOffsetMinutes(zone)
  if (offsetMinutes === undefined) return undefined
  const utc = Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second ?? 0)) - offsetMinutes * 60_000
  const date = new Date(utc)
  return Number.isNaN(date.getTime()) || Number(day) > 31 || Number(hour) > 23 ? undefined : date
}

function zoneOffsetMinutes (zone: string | undefined): number | undefined {
  if (zone === undefined) return 0
  const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)
  if (offset !== null) return (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3]))
  const upper = zone.toUpperCase()
  if (ZONES[upper] !== undefined) return ZONES[upper] * 60
  return /^[A-IK-Z]$/.test(upper) ? 0 : undefined
}

function parseIso (text: string): Date | undefined {
  // Complete what feeds leave out (seconds, zone, time) before the strict RFC 3339 check.
  const completed = text
    .replace(/^(\d{4}-\d{2}-\d{2})$/, '$1T00:00:00Z')
    .replace(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2})(?=$|[Z+-])/i, '$1:00')
    .replace(/([+-]\d{2})(\d{2})$/, '$1:$2')
    .replace(/^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?)$/i, '$1Z')
  const parsed = parseIsoDate(completed)
  return parsed instanceof Date ? parsed : undefined
}
