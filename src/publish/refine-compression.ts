import { readFile } from 'node:fs/promises'
import { encodeBody, type Representations } from './encode.ts'
import type { OutputStore, Published, PublishedFile } from './publish.ts'

/**
 * The first half of refining a quick publish (`quickFirst`): compresses every file it left
 * uncompressed as hard as it deserves, all at once on the thread pool. Keeps nothing anywhere, so
 * it can run beside a publish, whose result may make it moot. Undefined when no file was quick.
 */
export async function compressQuickFiles (published: Published): Promise<ReadonlyMap<string, Representations> | undefined> {
  const quick = [...published.files.values()].filter((file) => file.quick !== undefined)
  if (quick.length === 0) return undefined
  return new Map(await Promise.all(quick.map(async (file): Promise<[string, Representations]> => {
    const { identity } = file.representations
    const body = identity.body ?? await readFile(identity.file!)
    return [file.path, await encodeBody(body, file.quick, identity.etag.slice(1, -1))]
  })))
}

/**
 * The second half: the same version with those compressions kept in the store and in place. The
 * identity bytes, ETag and Last-Modified of each file stay as they are, so the version is the
 * same and nothing is announced again; only its gzip and br become compressed, under ETags of
 * their own.
 */
export async function withCompressed (published: Published, compressed: ReadonlyMap<string, Representations>, store: OutputStore): Promise<Published> {
  const refined = new Map(await Promise.all([...compressed].map(async ([path, encoded]): Promise<[string, PublishedFile]> => {
    const file = published.files.get(path)!
    const { representations } = await store.keep({ path, hot: file.hot, representations: encoded, lastModified: file.lastModified })
    const { quick: _quick, ...rest } = file
    return [path, { ...rest, representations }]
  })))
  const files = new Map([...published.files].map(([path, file]) => [path, refined.get(path) ?? file]))
  return { ...published, files }
}
