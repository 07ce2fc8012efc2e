import { isMap, isScalar, LineCounter, parseDocument, type YAMLError } from 'yaml'
import type { Problem } from '../errors.ts'
import { LIMITS } from './limits.ts'
import { findSilentCuts, hintForYamlError, lineAt } from './yaml-hints.ts'

/** A parsed YAML mapping, with the line each field starts on for error messages. */
export interface YamlData {
  readonly data: Record<string, unknown>
  /** 1-based line of every key, top-level or nested (`audio.url`): plain data, so it can be kept between runs. */
  readonly lines: Readonly<Record<string, number>>
  /** 1-based line of a field, or of the nearest enclosing field the document has. */
  lineOf (field: string): number | undefined
  /** What parsed but was probably not meant (a value cut short by a `#`). */
  readonly warnings: readonly Problem[]
}

/** The line of `field` in `lines`, or of its nearest enclosing field (`audio.url` → `audio`). */
export function lineOfField (lines: Readonly<Record<string, number>>, field: string): number | undefined {
  for (let path = field.split('.'); path.length > 0; path = path.slice(0, -1)) {
    const line = lines[path.join('.')]
    if (line !== undefined) return line
  }
  return undefined
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
  if (document.errors.length > 0) return syntaxProblems(document.errors, file, toFileLine, text)
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
  const lines: Record<string, number> = {}
  collectKeyLines(document.contents, '', (offset) => toFileLine(offset), lines)
  return {
    data: data as Record<string, unknown>,
    lines,
    warnings: findSilentCuts(document).map(({ field, message }) => ({ file, field, line: lines[field], message, severity: 'warning' })),
    lineOf: (field) => lineOfField(lines, field)
  }
}

function collectKeyLines (node: unknown, prefix: string, lineAt: (offset: number) => number, lines: Record<string, number>): void {
  if (!isMap(node)) return
  for (const pair of node.items) {
    if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue
    const field = `${prefix}${String(pair.key.value)}`
    lines[field] ??= lineAt(pair.key.range[0])
    collectKeyLines(pair.value, `${field}.`, lineAt, lines)
  }
}

// One mistake (an unclosed bracket) often makes hundreds of errors: show the first few, count the rest.
function syntaxProblems (errors: readonly YAMLError[], file: string, toFileLine: (offset: number) => number, text: string): Problem[] {
  const deep = errors.find((error) => error.message.startsWith('Maximum call stack size exceeded'))
  if (deep !== undefined) return [{ file, line: toFileLine(deep.pos[0]), message: 'malformed YAML: nested too deeply (front matter and site.yaml need a few levels at most)', severity: 'error' }]
  const shown: Problem[] = errors.slice(0, LIMITS.yamlErrorsShown).map((error) => ({
    file,
    line: toFileLine(error.pos[0]),
    message: `malformed YAML: ${firstSentence(error.message)}${hintForYamlError(error.code, firstSentence(error.message), lineAt(text, error.pos[0]))}`,
    severity: 'error'
  }))
  const more = errors.length - shown.length
  return more <= 0 ? shown : [...shown, { file, message: `and ${more} more YAML errors, most caused by the ones above`, severity: 'error' }]
}

function firstSentence (message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
