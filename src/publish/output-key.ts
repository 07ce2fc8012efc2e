import { createHash } from 'node:crypto'
import { CODE_VERSION } from '../code-version.ts'

/**
 * Keys that say whether an output must be rendered again. An output's key is a hash of everything
 * its bytes are made from: the code that renders it, its path and the values its renderer reads
 * (the site, its items, its neighbours). Equal keys mean equal bytes, so publishing after a change
 * renders only the outputs whose inputs changed, however large the archive.
 */

// Model objects are frozen and kept between loads when their files did not change, so a version
// computed once per object stays right for as long as the object lives.
const versions = new WeakMap<object, string>()

function digest (text: string): string {
  return createHash('sha1').update(text).digest('base64url')
}

/**
 * A short hash of any JSON-like value (Dates by their time). An object's is computed once and
 * remembered for as long as the object lives; a list's is made of its items' own, so a model
 * object in many lists (an issue on its page, in an archive and in a tag's feed) is serialized once.
 */
export function versionOf (value: unknown): string {
  if (Array.isArray(value)) return digest(value.map(versionOf).join('\0'))
  if (value === null || typeof value !== 'object' || value instanceof Date) return digest(JSON.stringify(value) ?? 'undefined')
  const known = versions.get(value)
  if (known !== undefined) return known
  const version = digest(JSON.stringify(value))
  versions.set(value, version)
  return version
}

/** The key of one output: the render version, its path and type, and the versions of its inputs. */
export function outputKey (path: string, type: string, inputs: readonly unknown[]): string {
  const hash = createHash('sha1').update(CODE_VERSION).update('\0').update(path).update('\0').update(type)
  for (const input of inputs) hash.update('\0').update(versionOf(input))
  return hash.digest('base64url')
}
