import { fileURLToPath } from 'node:url'

/**
 * The path of a file shipped in feedwright's package (package.json, templates/), from its root.
 * This module is one folder below that root both as source (src/) and as built (dist/ is flat, see
 * scripts/bundle.mjs), so the same relative address works for tests, `tsx` and the built command.
 */
export function packageFile (relative: string): string {
  return fileURLToPath(new URL(`../${relative}`, import.meta.url))
}
