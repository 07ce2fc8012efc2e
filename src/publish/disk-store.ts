import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { mapLimited } from '../map-limited.ts'
import type { Representation, Representations } from './encode.ts'
import type { OutputStore, PublishedFile } from './publish.ts'

/** An output store on disk, which can also let go of the bytes no version needs any more. */
export interface DiskStore extends OutputStore {
  /**
   * Deletes every kept object whose name (see objectNames) is not in `inUse`, and whatever writes
   * cut short left behind: a cache folder then holds about one version's bytes however often the
   * content changes. Must not run while this store keeps or reuses files (a publish may be about
   * to reuse an object it would delete), nor while another process uses the folder.
   */
  prune (inUse: ReadonlySet<string>): Promise<void>
}

/**
 * Keeps the bytes of every output in a folder, named by their ETag, and only the hot ones (the
 * main feeds, the home page, the newest issues) in memory as well: a publication of any size is
 * served in bounded memory, and a restart with unchanged content finds every output already made.
 * Files are content-addressed and written whole (to a temporary name, then renamed), so a crash
 * mid-write never leaves a wrong file under a name.
 */
export function createDiskStore (dir: string): DiskStore {
  const objects = path.join(dir, 'objects')
  // The files this store wrote, or found there when it reused them.
  const written = new Set<string>()
  // Published files already reused once, whose bytes are all in place until the next prune: a
  // publish of a large archive reuses thousands, and checks each only the first time.
  let placed = new WeakSet<PublishedFile>()
  const fileFor = (representation: Representation): string => {
    const name = representation.etag.slice(1, -1)
    return path.join(objects, name.slice(0, 2), name)
  }
  const write = async (representation: Representation): Promise<Representation> => {
    const file = fileFor(representation)
    if (!written.has(file) && !existsSync(file)) {
      await mkdir(path.dirname(file), { recursive: true })
      const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
      await writeFile(temporary, representation.body!)
      await rename(temporary, file)
    }
    written.add(file)
    return { encoding: representation.encoding, etag: representation.etag, length: representation.length, file }
  }
  const writeAll = async (representations: Representations): Promise<Representations> => {
    // A file not compressed yet is its identity representation under all three encodings (see encodeBody): one write.
    const identity = write(representations.identity)
    const also = async (representation: Representation): Promise<Representation> => representation === representations.identity ? await identity : await write(representation)
    const [identityOnDisk, gzip, br] = await Promise.all([identity, also(representations.gzip), also(representations.br)])
    return { identity: identityOnDisk, gzip, br }
  }
  // Bytes in memory, or a file this store wrote or found.
  const present = (representation: Representation): boolean => representation.body !== undefined || (representation.file !== undefined && (written.has(representation.file) || existsSync(representation.file)))
  return {
    keepsPreviews: true,
    keep: async ({ hot, representations, preview }) => {
      const [onDisk, previewOnDisk] = await Promise.all([writeAll(representations), preview === undefined ? undefined : writeAll(preview)])
      // A preview is for a person opening a feed in a browser, now and then: read from its file.
      if (!hot) return { representations: onDisk, preview: previewOnDisk }
      const withBody = (representation: Representation, body: Representation['body']): Representation => ({ ...representation, body })
      return {
        representations: { identity: withBody(onDisk.identity, representations.identity.body), gzip: withBody(onDisk.gzip, representations.gzip.body), br: withBody(onDisk.br, representations.br.body) },
        preview: previewOnDisk
      }
    },
    reuse: async (file: PublishedFile) => {
      if (placed.has(file)) return file
      const all = representationsOf(file)
      if (!all.every(present)) return undefined
      for (const representation of all) if (representation.file !== undefined) written.add(representation.file)
      // A hot file kept from an earlier run: its bytes come back into memory.
      const inMemory = Object.values(file.representations).every((representation: Representation) => representation.body !== undefined)
      const reused = !file.hot || inMemory ? file : { ...file, representations: await withBodies(file.representations) }
      placed.add(reused)
      return reused
    },
    prune: async (inUse) => {
      placed = new WeakSet()
      const folders = await readdir(objects).catch(() => [])
      const candidates = (await Promise.all(folders.map(async (folder) => (await readdir(path.join(objects, folder)).catch(() => []))
        .filter((name) => !inUse.has(name))
        .map((name) => path.join(objects, folder, name))))).flat()
      // A few at a time: the thread pool also reads the colder outputs for requests meanwhile.
      await mapLimited(candidates, 4, async (file) => {
        written.delete(file)
        // Gone already, or not a file: nothing this store wrote.
        await unlink(file).catch(() => {})
      })
    }
  }
}

/** The names of the objects a file's bytes are kept in (a memory store keeps none): what `prune` must keep while the file may be served. */
export function objectNames (file: PublishedFile): string[] {
  return representationsOf(file).flatMap((representation) => representation.file === undefined ? [] : [path.basename(representation.file)])
}

/** Every representation a file is served in: its encodings, and its preview's. */
function representationsOf (file: PublishedFile): Representation[] {
  return [...Object.values(file.representations), ...(file.preview === undefined ? [] : Object.values(file.preview))]
}

/** The representations with their bytes in memory: read from their files where they are not yet. */
export async function withBodies (representations: Representations): Promise<Representations> {
  const load = async (representation: Representation): Promise<Representation> => representation.body !== undefined ? representation : { ...representation, body: await readFile(representation.file!) }
  const [identity, gzip, br] = await Promise.all([load(representations.identity), load(representations.gzip), load(representations.br)])
  return { identity, gzip, br }
}

/** The representations as the store keeps them on disk, without bodies: what a manifest records. */
export function withoutBodies (representations: Representations): Representations {
  const strip = ({ body: _body, ...rest }: Representation): Representation => rest
  return { identity: strip(representations.identity), gzip: strip(representations.gzip), br: strip(representations.br) }
}
