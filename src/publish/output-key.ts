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
// Long strings (an issue's HTML) are hashed once each and remembered by value: the same text loaded
// again hashes for free, and the memo is emptied when it grows past one publication's worth.
const longStrings = new Map<string, string>()
const LONG_STRING = 256
const LONG_STRING_MEMO_LIMIT = 200_000

function digest (text: string): string {
  return createHash('sha1').update(text).digest('base64url')
}

/** A short hash of any JSON-like value (Dates by their time, long strings by their own hash). */
export function versionOf (value: unknown): string {
  if (value !== null && typeof value === 'object') {
    const known = versions.get(value)
    if (known !== undefined) return known
    const version = digest(JSON.stringify(value, replaceLongStrings))
    versions.set(value, version)
    return version
  }
  return digest(JSON.stringify(value, replaceLongStrings) ?? 'undefined')
}

function replaceLongStrings (_key: string, value: unknown): unknown {
  // JSON.stringify calls toJSON before the replacer: a Date arrives as its ISO string already.
  if (typeof value === 'string' && value.length > LONG_STRING) {
    let hash = longStrings.get(value)
    if (hash === undefined) {
      if (longStrings.size >= LONG_STRING_MEMO_LIMIT) longStrings.clear()
      hash = `#${digest(value)}`
      longStrings.set(value, hash)
    }
    return hash
  }
  return value
}

/** The key of one output: the render version, its path and type, and the versions of its inputs. */
export function outputKey (path: string, type: string, inputs: readonly unknown[]): string {
  const hash = createHash('sha1').update(CODE_VERSION).update('\0').update(path).update('\0').update(type)
  for (const input of inputs) hash.update('\0').update(versionOf(input))
  return hash.digest('base64url')
}
