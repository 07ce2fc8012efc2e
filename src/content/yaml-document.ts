import { isMap, isScalar, LineCounter, parseDocument } from 'yaml'
import type { Problem } from '../errors.ts'
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
  const lineCounter = new LineCounter()
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const toFileLine = (offset: number): number => lineCounter.linePos(offset).line + firstLine - 1
  if (document.errors.length > 0) {
    return document.errors.map((error) => ({
      file,
      line: toFileLine(error.pos[0]),
      message: `malformed YAML: ${firstSentence(error.message)}${hintForYamlError(error.code, firstSentence(error.message), lineAt(text, error.pos[0]))}`,
      severity: 'error'
    }))
  }
  const data: unknown = document.toJS()
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

function firstSentence (message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
