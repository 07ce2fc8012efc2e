import { readFile } from 'node:fs/promises'
import { encodeBody } from './encode.ts'
import type { OutputStore, Published, PublishedFile } from './publish.ts'

/**
 * The second half of a quick publish (`quickFirst`): compresses the files it left uncompressed as
 * hard as they deserve, all at once on the thread pool. Their identity bytes, ETag and
 * Last-Modified stay as they are, so the version is the same and nothing is announced again; only
 * their gzip and br become compressed, under ETags of their own. Undefined when no file was quick.
 */
export async function refineCompression (published: Published, store: OutputStore): Promise<Published | undefined> {
  const quick = [...published.files.values()].filter((file) => file.quick !== undefined)
  if (quick.length === 0) return undefined
  const refined = new Map(await Promise.all(quick.map(async (file): Promise<[string, PublishedFile]> => {
    const { identity } = file.representations
    const body = identity.body ?? await readFile(identity.file!)
    const encoded = await encodeBody(body, file.quick, identity.etag.slice(1, -1))
    const { representations } = await store.keep({ path: file.path, hot: file.hot, representations: encoded, lastModified: file.lastModified })
    const { quick: _quick, ...rest } = file
    return [file.path, { ...rest, representations }]
  })))
  const files = new Map([...published.files].map(([path, file]) => [path, refined.get(path) ?? file]))
  return { ...published, files }
}
