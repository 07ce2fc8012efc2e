import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml'
import type { Problem } from '../errors.ts'
import { findSilentCuts, hintForYamlError, lineAt } from './yaml-hints.ts'

/** A parsed YAML mapping, with the line each field starts on for error messages. */
export interface YamlData {
  readonly data: Record<string, unknown>
  /** 1-based line of a top-level or nested field (`audio.url`), where the document has it. */
  lineOf (field: string): number | undefined
  /** What parsed but was probably not meant (a value cut short by a `#`). */
  readonly warnings: readonly Problem[]
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
  return {
    data: data as Record<string, unknown>,
    warnings: findSilentCuts(document).map(({ field, message }) => ({ file, field, line: toFileLine(keyOffset(document, [field]) ?? 0), message, severity: 'warning' })),
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

function firstSentence (message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
}
