import type { TSchema } from '@sinclair/typebox'
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors'
import { Value } from '@sinclair/typebox/value'
import type { Problem } from '../errors.ts'
import { excerpt } from './excerpt.ts'
import { didYouMean } from './nearest.ts'
import { VISIBLE_TEXT } from './text-formats.ts'
import type { YamlData } from './yaml-document.ts'

/**
 * Checks parsed fields against a schema and returns one problem per wrong field (the first and
 * most specific thing wrong with it), each naming the file, the field and its line.
 */
export function checkFields (schema: TSchema, yaml: YamlData, file: string): Problem[] {
  const problems = new Map<string, Problem>()
  for (const error of [...Value.Errors(schema, yaml.data)].flatMap(withinUnion)) {
    const field = error.path.split('/').filter(Boolean).join('.')
    if ([...problems.keys()].some((known) => field === known || field.startsWith(`${known}.`) || known.startsWith(`${field}.`))) continue
    problems.set(field, {
      file,
      field: field === '' ? undefined : field,
      line: yaml.lineOf(field),
      message: describe(error.type, error.schema, error.value, error.path),
      severity: 'error'
    })
  }
  return [...problems.values()]
}

/**
 * A value that matches no form of a field that has several (`funding:` one link or a list,
 * `audio:` a path or remote audio) is judged by the form of its own kind (an object by the object
 * form, a list by the list form), so the problem names the wrong part (`funding.url`), not only
 * the field. When no form is of its kind, the field's own description says what it may be.
 */
function withinUnion (error: ValueError): ValueError[] {
  if (error.type !== ValueErrorType.Union) return [error]
  const forms = (error.schema.anyOf as TSchema[] | undefined) ?? []
  const sameKind = forms.filter((form) => kindOf(form) !== undefined && kindOf(form) === kindOfValue(error.value))
  if (sameKind.length !== 1) return [error]
  const inner = [...Value.Errors(sameKind[0]!, error.value)]
  return inner.length === 0 ? [error] : inner.map((nested) => ({ ...nested, path: `${error.path}${nested.path}` })).flatMap(withinUnion)
}

function kindOf (schema: TSchema): string | undefined {
  return schema.type === 'object' || schema.type === 'array' || schema.type === 'string' ? schema.type : undefined
}

function kindOfValue (value: unknown): string {
  return Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value
}

function describe (type: ValueErrorType, schema: TSchema, value: unknown, path: string): string {
  if (type === ValueErrorType.ObjectRequiredProperty) return 'is required'
  if (type === ValueErrorType.ObjectAdditionalProperties) return unknownField(path.split('/').at(-1) ?? '', schema)
  if (type === ValueErrorType.StringFormat && schema.format === VISIBLE_TEXT) return `${excerpt(value)} has no visible characters (control characters and spaces do not count)`
  if (type === ValueErrorType.StringMaxLength) return `${excerpt(value)} is too long: at most ${String(schema.maxLength)} characters are allowed`
  if (type === ValueErrorType.NumberMaximum || type === ValueErrorType.IntegerMaximum) return `${excerpt(value)} is too large: at most ${String(schema.maximum)}`
  if (type === ValueErrorType.ArrayMaxItems) return `${excerpt(value)} has too many items: at most ${String(schema.maxItems)} are allowed`
  const expected = typeof schema.expected === 'string' ? schema.expected : undefined
  // YAML reads `title:` with nothing after it (or only a # comment) as null.
  if (value === null) return `is empty: write ${expected ?? 'a value'}`
  // An excerpt, never the whole value: a 2 MB list given as a title must not flood the terminal.
  return `${excerpt(value)} is not ${expected ?? 'valid'}`
}

// A typo'd key (explict) is the commonest mistake in front matter: name the field that was meant.
function unknownField (key: string, schema: TSchema): string {
  const known = Object.keys((schema as { properties?: Record<string, unknown> }).properties ?? {})
  const meant = didYouMean(key, known)
  if (meant !== undefined) return `is not a known field; did you mean \`${meant}\`?`
  return `is not a known field; the fields here are: ${known.join(', ')}`
}
