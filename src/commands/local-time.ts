/**
 * A date as ISO 8601 in the machine's time zone, with its offset and to the minute
 * (`2026-11-29T11:04:00+01:00`): what a person writing front matter by hand would write.
 */
export function formatLocalDateTime (date: Date): string {
  const pad = (n: number): string => String(Math.abs(n)).padStart(2, '0')
  const offset = -date.getTimezoneOffset()
  const sign = offset < 0 ? '-' : '+'
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:00` +
    `${sign}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`
}

/** The local calendar date (`2026-11-29`) that starts a new issue's file name. */
export function formatLocalDay (date: Date): string {
  return formatLocalDateTime(date).slice(0, 10)
}
