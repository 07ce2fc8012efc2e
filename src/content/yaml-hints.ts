import { isMap, isScalar, type Document } from 'yaml'

/**
 * What to do about a YAML syntax error, for the mistakes people make in front matter, where the
 * `yaml` package's own message ("Nested mappings are not allowed in compact mappings") says what
 * the parser saw but not what to type. `lineText` is the line the error is on. Returns '' when
 * the message needs no help.
 */
export function hintForYamlError (code: string, message: string, lineText: string): string {
  const quoted = quoteValueOf(lineText)
  const quoteIt = quoted === undefined ? 'quote the whole value' : `quote the whole value: ${quoted}`
  switch (code) {
    case 'BLOCK_AS_IMPLICIT_KEY':
      return `; a value containing ": " must be quoted, or YAML reads a second field: ${quoted ?? 'put the value in quotes'}`
    case 'TAB_AS_INDENT':
      return '; indent with spaces: YAML does not allow tabs for indentation'
    case 'BAD_SCALAR_START':
      return `; a value starting with ${message.at(-1) ?? 'that character'} must be quoted: ${quoted ?? 'put the value in quotes'}`
    case 'DUPLICATE_KEY':
      return '; the same field is written twice: keep one of them'
    case 'BAD_INDENT':
      return '; the fields of one level must start in the same column: check the spaces at the start of this line'
    case 'MISSING_CHAR':
      return /quote/.test(message) ? '; a quoted value must end with the same quote, on the same line' : ''
    case 'UNEXPECTED_TOKEN':
      // A value that starts with a quote, [, {, *, &, | or > is read as YAML syntax, and then its rest is left over.
      return /^\s*[\w-]+:\s+["'[{*&|>]/.test(lineText) ? `; YAML read the start of the value as syntax: ${quoteIt}` : ''
    default:
      return ''
  }
}

/**
 * Top-level text values that YAML parsed without complaint but cut short: a `#` read as the start
 * of a comment (`title: Episode #4 is here` is the title "Episode"), a leading `&word` read as an
 * anchor and a leading `!word` as a tag (`title: &co news` is "news"). Only a `#` with no space
 * after it is suspect: `explicit: false  # no swearing` is an ordinary comment.
 */
export function findSilentCuts (document: Document): Array<{ field: string, message: string }> {
  if (!isMap(document.contents)) return []
  const cuts: Array<{ field: string, message: string }> = []
  for (const pair of document.contents.items) {
    const { key, value } = pair
    const marker = isScalar(value) && value.type === 'PLAIN' ? (value.anchor === undefined ? value.tag : `&${value.anchor}`) : undefined
    if (isScalar(key) && isScalar(value) && marker !== undefined && typeof value.value === 'string') {
      cuts.push({
        field: String(key.value),
        message: `"${marker}" was read as a YAML ${marker.startsWith('&') ? 'anchor' : 'tag'}, so the value is "${value.value}"; to keep it, quote the whole value: ${String(key.value)}: ${JSON.stringify(`${marker} ${value.value}`)}`
      })
      continue
    }
    const comment = isScalar(value) ? value.comment?.split('\n')[0] : undefined
    if (!isScalar(key) || !isScalar(value) || value.type !== 'PLAIN' || comment === undefined || comment === '' || /^\s/.test(comment)) continue
    if (value.value !== null && typeof value.value !== 'string') continue
    const kept = value.value === null ? '' : String(value.value)
    const full = `${kept}${kept === '' ? '' : ' '}#${comment}`
    cuts.push({
      field: String(key.value),
      message: `"#${comment}" was read as a YAML comment, so the value is ${kept === '' ? 'empty' : `"${kept}"`}; to keep the #, quote the whole value: ${String(key.value)}: ${JSON.stringify(full)}`
    })
  }
  return cuts
}

/** The line of `text` that `offset` is on. */
export function lineAt (text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1
  const end = text.indexOf('\n', offset)
  return text.slice(start, end === -1 ? undefined : end)
}

// `title: Bonus: a walk` → `title: "Bonus: a walk"`, for the line an error is on.
function quoteValueOf (lineText: string): string | undefined {
  const match = /^(\s*[\w-]+):[ \t]+(.*?)\s*$/.exec(lineText)
  if (match === null || match[2] === '') return undefined
  const value = match[2]!
  return `${match[1]!.trim()}: ${value.includes('"') && !value.includes("'") ? `'${value}'` : JSON.stringify(value)}`
}
