/** RFC 822 date as RSS 2.0 requires (`Fri, 27 Jan 2023 16:00:00 GMT`); always GMT so it is unambiguous. */
export function rfc822 (date: Date): string {
  return date.toUTCString()
}

/** RFC 3339 date as Atom and JSON Feed require, to the second (`2023-01-27T16:00:00Z`). */
export function rfc3339 (date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z')
}
