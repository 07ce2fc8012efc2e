import path from 'node:path'

/**
 * The files and folders (absolute paths) a burst of changes touched, as the file watcher reported
 * them: a load that remembers the one before reads again only what is named here. Undefined means
 * that anything may have changed (the first load, a watcher that lost track), so everything is read.
 */
export type ChangedPaths = ReadonlySet<string> | undefined

/**
 * The names of the entries of the folder `dir` that changed, or 'all' when the folder itself, or
 * one above it, did (or anything may have). Changes further down, in folders inside it, are not
 * entries of it.
 */
export function changedEntries (changed: ChangedPaths, dir: string): ReadonlySet<string> | 'all' {
  if (changed === undefined) return 'all'
  const folder = path.resolve(dir)
  const names = new Set<string>()
  for (const at of changed) {
    if (isAtOrIn(folder, at)) return 'all'
    if (path.dirname(at) === folder) names.add(path.basename(at))
  }
  return names
}

/** Whether anything in the folder `dir` (at any depth), the folder itself, or one above it changed (or anything may have). */
export function changedWithin (changed: ChangedPaths, dir: string): boolean {
  if (changed === undefined) return true
  const folder = path.resolve(dir)
  for (const at of changed) {
    if (isAtOrIn(at, folder) || isAtOrIn(folder, at)) return true
  }
  return false
}

// Whether `file` is the folder `folder` or anything below it (a folder may be noted with a trailing separator).
function isAtOrIn (file: string, folder: string): boolean {
  return file === folder || file.startsWith(folder.endsWith(path.sep) ? folder : `${folder}${path.sep}`)
}

/** Changed paths as given: absolute, without a trailing separator (a folder listing is noted with one). */
export function changedPaths (paths: Iterable<string>): ReadonlySet<string> {
  return new Set([...paths].map((file) => path.resolve(file)))
}
