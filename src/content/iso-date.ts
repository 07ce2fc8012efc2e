import { excerpt } from './excerpt.ts'

// RFC 3339 profile of ISO 8601: a feed date needs a time and a zone, or readers guess the offset.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|z|([+-])(\d{2}):(\d{2}))$/

/** Parses an ISO 8601 date-time with a time zone; returns a reason instead when it is not one. */
export function parseIsoDate (value: string): Date | { reason: string } {
  const match = RFC3339.exec(value)
  if (match === null) {
    return /^\d{4}-\d{2}-\d{2}/.test(value) && !/(Z|[+-]\d{2}:\d{2})$/i.test(value)
      ? { reason: `${excerpt(value)} has no time zone (write it as 2023-01-27T17:00:00+01:00 or …Z)` }
      : { reason: `${excerpt(value)} is not an ISO 8601 date and time (write 2023-01-27T17:00:00+01:00)` }
  }
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number]
  // Date.UTC rolls 30 February over into March; rebuilding the parts catches impossible dates.
  const calendar = new Date(Date.UTC(year, month - 1, day))
  if (calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { reason: `${excerpt(value)} is not a real date and time` }
  }
  // RFC 3339 offsets run from -23:59 to +23:59; JavaScript makes an invalid Date of anything else,
  // which would crash rendering and leave the item neither published nor scheduled.
  if (match[8] !== undefined && (Number(match[9]) > 23 || Number(match[10]) > 59)) {
    return { reason: `${excerpt(value)} has an impossible time zone offset (${match[8]}${match[9]}:${match[10]}; offsets run from -23:59 to +23:59)` }
  }
  const date = new Date(value.replace(' ', 'T'))
  return Number.isNaN(date.getTime()) ? { reason: `${excerpt(value)} is not a real date and time` } : date
}
