import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * A hash of feedwright's own code (its source files, or the built bundle, which holds the
 * packages it renders with too), which changes whenever the code does: work kept on disk between
 * runs (parsed files, rendered outputs) is trusted only by the very code that made it, so an
 * upgrade, or an edit during development, never serves stale bytes.
 */
export const CODE_VERSION = hashCode(path.dirname(fileURLToPath(import.meta.url)))

function hashCode (root: string): string {
  const hash = createHash('sha1')
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ts|js)$/.test(file)).sort()
  for (const file of files) hash.update(file).update('\0').update(readFileSync(path.join(root, file))).update('\0')
  return hash.digest('base64url').slice(0, 12)
}
