import { hash } from 'node:crypto'
import { CODE_VERSION } from '../code-version.ts'
import { partOf } from '../model/version.ts'

/**
 * Keys that say whether an output must be rendered again. An output's key is a hash of everything
 * its bytes are made from: the code that renders it, its path and the values its renderer reads
 * (the site, its items, its neighbours). Equal keys mean equal bytes, so publishing after a change
 * renders only the outputs whose inputs changed, however large the archive.
 */

/** The key of one output: the render version, its path and type, and the versions of its inputs. */
export function outputKey (path: string, type: string, inputs: readonly unknown[]): string {
  return hash('sha1', [CODE_VERSION, path, type, ...inputs.map(partOf)].join('\0'), 'base64url')
}
