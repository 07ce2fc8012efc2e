import { isMap, isScalar, LineCounter, parseDocument, type Document, type YAMLError } from 'yaml'
import type { Problem } from '../errors.ts'
import { LIMITS } from './limits.ts'

/** A parsed YAML mapping, with the line each field starts on for error messages. */
export interface YamlData {
  readonly data: Record<string, unknown>
  /** 1-based line of a top-level or nested field (`audio.url`), where the document has it. */
  lineOf (field: string): number | undefined
}

/**
 * Parses YAML text that must be a mapping. `firstLine` is the file line the text starts on, so
 * lines in problems match the file even when the YAML is front matter.
 */
export function parseYamlMapping (text: string, file: string, firstLine = 1): YamlData | Problem[] {
  const bytes = Buffer.byteLength(text)
  if (bytes > LIMITS.yamlBytes) {
    return [{ file, line: firstLine, message: `holds ${Math.ceil(bytes / 1024)} KiB of YAML; at most ${LIMITS.yamlBytes / 1024} KiB are allowed`, severity: 'error' }]
  }
  const lineCounter = new LineCounter()
  // logLevel 'error': the yaml package's warnings would go to the console, not to the publisher.
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, logLevel: 'error' })
  const toFileLine = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1
  if (document.errors.length > 0) return syntaxProblems(document.errors, file, toFileLine)
  let data: unknown
  try {
    data = document.toJS({ maxAliasCount: LIMITS.yamlAliases })
  } catch (error) {
    // The yaml package throws a ReferenceError for an alias bomb, and nothing else here is expected.
    const message = error instanceof ReferenceError
      ? `its aliases (*name) expand too far (a "billion laughs" document?); at most ${LIMITS.yamlAliases} alias expansions are allowed`
      : `could not be read as YAML: ${firstSentence((error as Error).message)}`
    return [{ file, line: firstLine, message, severity: 'error' }]
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return [{ file, line: firstLine, message: 'expected a YAML mapping of fields (key: value)', severity: 'error' }]
  }
  return {
    data: data as Record<string, unknown>,
    lineOf: (field) => {
      const offset = keyOffset(document, field.split('.'))
      return offset === undefined ? undefined : toFileLine(offset)
    }
  }
}

function keyOffset (document: Document, path: string[]): number | undefined {
  let node: unknown = document.contents
  let offset: number | undefined
  for (const key of path) {
    if (!isMap(node)) return offset
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key)
    if (pair === undefined || !isScalar(pair.key)) return offset
    offset = pair.key.range?.[0]
    node = pair.value
  }
  return offset
}

// One mistake (an unclosed bracket) often makes hundreds of errors: show the first few, count the rest.
function syntaxProblems (errors: readonly YAMLError[], file: string, toFileLine: (offset: number) => number): Problem[] {
  const deep = errors.find((error) => error.message.startsWith('Maximum call stack size exceeded'))
  if (deep !== undefined) return [{ file, line: toFileLine(deep.pos[0]), message: 'malformed YAML: nested too deeply (front matter and site.yaml need a few levels at most)', severity: 'error' }]
  const shown: Problem[] = errors.slice(0, LIMITS.yamlErrorsShown).map((error) => ({
    file,
    line: toFileLine(error.pos[0]),
    message: `malformed YAML: ${firstSentence(error.message)}`,
    severity: 'error'
  }))
  const more = errors.length - shown.length
  return more <= 0 ? shown : [...shown, { file, message: `and ${more} more YAML errors, most caused by the ones above`, severity: 'error' }]
}

function firstSentence (message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
