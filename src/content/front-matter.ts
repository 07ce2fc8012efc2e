import type { Problem } from '../errors.ts'
import { parseYamlMapping, type YamlData } from './yaml-document.ts'

/** A Markdown file split into its YAML front matter and its body. */
export interface MarkdownFile extends YamlData {
  readonly body: string
}

// Front matter is the Jekyll/Hugo convention: a first line of `---`, YAML, then a line of `---`.
const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n?^---[ \t]*(?:\r?\n|$)/m

/** The Markdown after the front matter of a file that parseMarkdownFile accepted. */
export function bodyOf (text: string): string {
  return text.slice(FRONT_MATTER.exec(text)![0].length)
}

/** Splits and parses a Markdown file with YAML front matter; problems name the file and line. */
export function parseMarkdownFile (text: string, file: string): MarkdownFile | Problem[] {
  const match = FRONT_MATTER.exec(text)
  if (match === null || match.index !== 0) {
    return [{ file, line: 1, message: 'missing YAML front matter: start the file with a line "---", the fields, then another "---"', severity: 'error' }]
  }
  const parsed = parseYamlMapping(match[1]!, file, 2)
  if (Array.isArray(parsed)) return parsed
  return { ...parsed, body: text.slice(match[0].length) }
}
