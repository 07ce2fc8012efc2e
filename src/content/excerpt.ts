// Long enough to recognise a value, short enough that a 2 MB list never floods the terminal.
const MAX_CHARACTERS = 60

/**
 * A wrong value as an error message shows it: on one line (JSON, so control characters and line
 * breaks are escaped) and cut to about sixty characters, saying how long it really is when cut.
 */
export function excerpt (value: unknown): string {
  if (typeof value === 'string') {
    const shown = JSON.stringify(value.length > MAX_CHARACTERS ? value.slice(0, MAX_CHARACTERS) : value)
    return value.length > MAX_CHARACTERS ? `${shown.slice(0, -1)}…" (${value.length} characters)` : shown
  }
  if (Array.isArray(value)) {
    const shown = JSON.stringify(value.slice(0, 5))
    return shown.length > MAX_CHARACTERS || value.length > 5 ? `${shown.slice(0, MAX_CHARACTERS)}… (a list of ${value.length} items)` : shown
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value)
    const shown = JSON.stringify(Object.fromEntries(keys.slice(0, 5).map((key) => [key, (value as Record<string, unknown>)[key]])))
    return shown.length > MAX_CHARACTERS || keys.length > 5 ? `${shown.slice(0, MAX_CHARACTERS)}… (${keys.length} fields)` : shown
  }
  return JSON.stringify(value) ?? 'nothing'
}
