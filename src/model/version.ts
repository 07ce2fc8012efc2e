import { hash } from 'node:crypto'

// Model objects are frozen and kept between loads when their files did not change, so a version
// computed once per object stays right for as long as the object lives.
const versions = new WeakMap<object, string>()

function digest (text: string): string {
  return hash('sha1', text, 'base64url')
}

/**
 * A short hash of any JSON-like value (Dates by their time), equal for equal content. An object's
 * is computed once and remembered for as long as the object lives; a list's is made of its items'
 * own, so a model object in many lists (an issue on its page, in an archive and in a tag's feed)
 * is serialized once.
 */
export function versionOf (value: unknown): string {
  if (Array.isArray(value)) return digest(value.map(partOf).join('\0'))
  if (value === null || typeof value !== 'object' || value instanceof Date) return digest(JSON.stringify(value) ?? 'undefined')
  const known = versions.get(value)
  if (known !== undefined) return known
  const version = digest(JSON.stringify(value))
  versions.set(value, version)
  return version
}

/**
 * What a value adds to a hash of many: its JSON as it is when it is a plain value (not worth a hash
 * of its own; JSON never holds a NUL, so the parts stay apart), otherwise its version.
 */
export function partOf (value: unknown): string {
  if (value === null || typeof value !== 'object' || value instanceof Date) return JSON.stringify(value) ?? 'undefined'
  return versionOf(value)
}

/**
 * Gives `value` a version worked out earlier from what it is made of, such as the one kept in the
 * load cache for an unchanged file: a build then need not serialize ten thousand issues again
 * only to find that they did not change.
 */
export function knowVersion (value: object, version: string): void {
  versions.set(value, version)
}
