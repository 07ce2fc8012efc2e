import { createHash } from 'node:crypto'
import { constants as fsConstants, copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { link, lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileNameFor } from '../model/urls.ts'
import type { MediaEntry } from './media-index.ts'
import { hashBody, type Representation, type Representations } from './encode.ts'
import type { OutputStore, PublishedFile } from './publish.ts'

/**
 * A static build's output folder. The first build (or any build the cache folder cannot vouch
 * for) writes a whole new version beside it and swaps it in with two renames, so a build that
 * fails or is killed half-way leaves the previous folder as it was. A later build, when the cache
 * says exactly what the folder holds, changes it in place: it writes only the files whose bytes
 * changed, each to a temporary name renamed over the old one (so no reader ever sees half a file),
 * and deletes what is gone; files whose bytes did not change are not touched and keep their
 * modification times. It costs what changed, not the archive. A build killed while changing the
 * folder in place leaves every file whole, old or new, and the marker saying so: the next build
 * writes a complete new version.
 */
export interface OutputFolder {
  /** The store `publish` writes new outputs to, and takes unchanged ones from. */
  readonly store: OutputStore
  /** What the folder held after the last build, when the cache folder knows it. */
  readonly previous?: { readonly files: ReadonlyMap<string, PublishedFile> }
  /** The ETag of the bytes the folder holds for a URL path now, if any: from the cache, or read from the file. */
  etagBefore (urlPath: string): Promise<string | undefined>
  /** Copies (or links, when unchanged) the media files into the new version. */
  addMedia (entries: Iterable<MediaEntry>): Promise<void>
  /** Swaps the new version in and records what it holds. */
  commit (files: ReadonlyMap<string, PublishedFile>): Promise<void>
  /** Throws the new version away, leaving the folder as it was. */
  abort (): Promise<void>
}

/** A build refused before anything was written, with a message saying why and what to do. */
export class OutputFolderError extends Error {
  override name = 'OutputFolderError'
  readonly code = 'FEEDWRIGHT_OUTPUT_FOLDER'
}

// The marker says the folder is feedwright's to replace; without it, a non-empty folder is refused,
// so `build --out ~/Documents` cannot wipe anything.
const MARKER = '.feedwright-build'

interface Manifest {
  readonly build: string
  readonly files: ReadonlyArray<Omit<PublishedFile, 'representations' | 'preview' | 'lastModified'> & { lastModified: string, representations: Representations }>
  readonly media: ReadonlyArray<{ path: string, size: number, modified: number }>
}

/**
 * Opens `outDir` for a new build. `cacheDir` keeps what the folder holds between builds, so an
 * unchanged output is linked instead of rendered; without it every output is rendered.
 */
export async function openOutputFolder (outDir: string, cacheDir: string | undefined): Promise<OutputFolder> {
  const root = path.resolve(outDir)
  const parent = path.dirname(root)
  if (root === parent) throw new OutputFolderError(`--out ${outDir}: cannot replace the root of the file system; choose a folder of its own`)
  await recoverInterruptedSwap(root)
  await checkReplaceable(root, outDir)
  await removeLeftovers(parent, path.basename(root))
  const manifestFile = cacheDir === undefined ? undefined : path.join(cacheDir, 'builds', `${createHash('sha1').update(root).digest('hex').slice(0, 16)}.json`)
  const manifest = await readManifest(root, manifestFile)
  const inPlace = manifest !== undefined
  const staging = inPlace ? root : path.join(parent, `.${path.basename(root)}.staging-${process.pid}`)
  if (!inPlace) {
    try {
      await mkdir(staging, { recursive: true })
    } catch (error) {
      throw new OutputFolderError(`--out ${outDir}: cannot write beside it in ${parent} (${(error as NodeJS.ErrnoException).code}); the new version is built there and then swapped in`)
    }
  }
  const previousFiles = new Map((manifest?.files ?? []).map((file) => [file.path, {
    ...file,
    lastModified: new Date(file.lastModified),
    representations: inFolder(file.representations, root),
    // A static host cannot tell a browser from a feed reader: a build has no previews.
    preview: undefined
  }]))
  const previousMedia = new Map((manifest?.media ?? []).map((entry) => [entry.path, entry]))
  const media: Array<{ path: string, size: number, modified: number }> = []

  // In place, the marker is turned into "being changed" before the first file is: a build killed
  // after that point is then never trusted as a base for the next one.
  let changing = false
  const beforeChanging = (): void => {
    if (!inPlace || changing) return
    writeFileSync(path.join(root, MARKER), `${JSON.stringify({ changing: manifest.build })}\n`)
    changing = true
  }
  // Written synchronously: a build serves no one while it writes, and tens of thousands of small
  // files go to the page cache several times faster without a trip through the thread pool each,
  // which is left to compression.
  const folders = new Set<string>()
  const place = (relative: string, write: (target: string) => void): string => {
    beforeChanging()
    const target = path.join(staging, ...relative.split('/'))
    const folder = path.dirname(target)
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true })
      folders.add(folder)
    }
    if (!inPlace) write(target)
    else {
      const temporary = `${target}.feedwright-${process.pid}.tmp`
      write(temporary)
      renameSync(temporary, target)
    }
    return relative
  }
  const writeRepresentations = (file: { path: string, lastModified: Date }, representations: Representations): Representations => {
    const name = fileNameFor(file.path)
    // The same compressed bytes the server sends, for hosts that serve precompressed siblings
    // (nginx gzip_static and brotli_static, Caddy precompressed, most CDNs).
    const write = (representation: Representation, suffix: string): Representation => {
      const relative = place(`${name}${suffix}`, (target) => {
        writeFileSync(target, representation.body!)
        // A static host's Last-Modified (and nginx's ETag) is the file's time: the same time serve sends.
        utimesSync(target, file.lastModified, file.lastModified)
      })
      return { encoding: representation.encoding, etag: representation.etag, length: representation.length, file: path.join(root, relative) }
    }
    return { identity: write(representations.identity, ''), gzip: write(representations.gzip, '.gz'), br: write(representations.br, '.br') }
  }
  const linkRepresentations = (file: PublishedFile): void => {
    const name = fileNameFor(file.path)
    for (const suffix of ['', '.gz', '.br']) place(`${name}${suffix}`, (target) => linkSync(path.join(root, ...`${name}${suffix}`.split('/')), target))
  }

  return {
    previous: manifest === undefined ? undefined : { files: previousFiles },
    store: {
      // A static host cannot tell a browser from a feed reader: a build has no previews.
      keepsPreviews: false,
      keep: async (output) => ({ representations: writeRepresentations(output, output.representations) }),
      reuse: async (file) => {
        if (previousFiles.get(file.path) !== file) return undefined
        // In place, an unchanged file is already where it belongs.
        if (inPlace) return file
        try {
          linkRepresentations(file)
          return file
        } catch (error) {
          // Deleted from the folder by hand since the last build: rendered again.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
          throw error
        }
      }
    },
    etagBefore: async (urlPath) => {
      const known = previousFiles.get(urlPath)
      if (known !== undefined) return known.representations.identity.etag
      const bytes = await readFile(path.join(root, ...fileNameFor(urlPath).split('/'))).catch(() => undefined)
      return bytes === undefined ? undefined : `"${hashBody(bytes)}"`
    },
    addMedia: async (entries) => {
      for (const entry of entries) {
        const relative = `media/${entry.path}`
        const before = previousMedia.get(entry.path)
        const unchanged = before !== undefined && before.size === entry.size && before.modified === entry.modified.getTime() && existsSync(path.join(root, ...relative.split('/')))
        if (!(unchanged && inPlace)) {
          place(relative, (target) => {
            if (unchanged) linkSync(path.join(root, ...relative.split('/')), target)
            else copyFileSync(entry.absolutePath, target, fsConstants.COPYFILE_FICLONE)
          })
        }
        media.push({ path: entry.path, size: entry.size, modified: entry.modified.getTime() })
      }
    },
    commit: async (files) => {
      const build = createHash('sha1').update([...files.values()].map((file) => `${file.path} ${file.representations.identity.etag}`).join('\n')).digest('hex').slice(0, 16)
      const marker = `${JSON.stringify({ build })}\n`
      if (inPlace) {
        removeGone(root, previousFiles, files, previousMedia, media, beforeChanging)
        await saveManifest(manifestFile!, build, files, media, root)
        // The same build again (nothing changed) keeps even its marker as it was.
        if (changing || await readFile(path.join(root, MARKER), 'utf8').catch(() => undefined) !== marker) await writeFile(path.join(root, MARKER), marker)
        return
      }
      if (await readFile(path.join(root, MARKER), 'utf8').catch(() => undefined) === marker) await link(path.join(root, MARKER), path.join(staging, MARKER))
      else await writeFile(path.join(staging, MARKER), marker)
      await swapIn(root, staging)
      if (manifestFile !== undefined) await saveManifest(manifestFile, build, files, media, root)
    },
    abort: async () => {
      if (inPlace) await cleanTemporaries(root, folders)
      else await rm(staging, { recursive: true, force: true })
    }
  }
}

// What the previous build wrote and this one does not: its files, and the folders that held only them.
function removeGone (root: string, previousFiles: ReadonlyMap<string, PublishedFile>, files: ReadonlyMap<string, PublishedFile>, previousMedia: ReadonlyMap<string, unknown>, media: ReadonlyArray<{ path: string }>, beforeChanging: () => void): void {
  const gone = [...previousFiles.keys()].filter((urlPath) => !files.has(urlPath)).flatMap((urlPath) => ['', '.gz', '.br'].map((suffix) => `${fileNameFor(urlPath)}${suffix}`))
  const kept = new Set(media.map((entry) => entry.path))
  gone.push(...[...previousMedia.keys()].filter((entry) => !kept.has(entry)).map((entry) => `media/${entry}`))
  if (gone.length === 0) return
  beforeChanging()
  const folders = new Set<string>()
  for (const relative of gone) {
    const target = path.join(root, ...relative.split('/'))
    rmSync(target, { force: true })
    folders.add(path.dirname(target))
  }
  // Deepest first, so a folder emptied by removing its only subfolder goes too.
  for (const folder of [...folders].sort((a, b) => b.length - a.length)) {
    for (let current = folder; current !== root && current.startsWith(root); current = path.dirname(current)) {
      try {
        rmdirSync(current)
      } catch {
        break
      }
    }
  }
}

async function saveManifest (manifestFile: string, build: string, files: ReadonlyMap<string, PublishedFile>, media: Manifest['media'], root: string): Promise<void> {
  const entries = [...files.values()].map(({ preview: _preview, ...file }) => ({ ...file, lastModified: file.lastModified.toISOString(), representations: relativeTo(file.representations, root) }))
  await mkdir(path.dirname(manifestFile), { recursive: true })
  const temporary = `${manifestFile}.${process.pid}.tmp`
  await writeFile(temporary, JSON.stringify({ build, files: entries, media } satisfies Manifest))
  await rename(temporary, manifestFile)
}

// A failed build in place leaves the files it already replaced (each whole) and the marker saying
// the folder is being changed; only its temporary files are removed.
async function cleanTemporaries (root: string, folders: ReadonlySet<string>): Promise<void> {
  const suffix = `.feedwright-${process.pid}.tmp`
  for (const folder of folders) {
    for (const name of await readdir(folder).catch(() => [] as string[])) {
      if (name.endsWith(suffix)) await rm(path.join(folder, name), { force: true })
    }
  }
}

async function checkReplaceable (root: string, outDir: string): Promise<void> {
  const stats = await lstat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw new OutputFolderError(`--out ${outDir}: cannot be read (${error.code})`)
  })
  if (stats === undefined) return
  if (!stats.isDirectory()) throw new OutputFolderError(`--out ${outDir}: is ${stats.isSymbolicLink() ? 'a symbolic link' : 'a file'}, not a folder; choose a folder (it is created if missing)`)
  const names = await readdir(root).catch((error: NodeJS.ErrnoException) => { throw new OutputFolderError(`--out ${outDir}: cannot be read (${error.code})`) })
  if (names.length > 0 && !names.includes(MARKER)) {
    throw new OutputFolderError(`--out ${outDir}: holds files feedwright did not write (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); the build replaces the whole folder, so give it an empty or new folder`)
  }
}

async function readManifest (root: string, manifestFile: string | undefined): Promise<Manifest | undefined> {
  if (manifestFile === undefined) return undefined
  try {
    const [manifest, marker] = await Promise.all([readFile(manifestFile, 'utf8'), readFile(path.join(root, MARKER), 'utf8')])
    const parsed = JSON.parse(manifest) as Manifest
    // The folder must be the very one the manifest describes; anything else is rebuilt from scratch.
    return (JSON.parse(marker) as { build?: string }).build === parsed.build ? parsed : undefined
  } catch {
    return undefined
  }
}

async function swapIn (root: string, staging: string): Promise<void> {
  const old = `${path.join(path.dirname(root), `.${path.basename(root)}.previous`)}-${process.pid}`
  const hadPrevious = existsSync(root)
  if (hadPrevious) await rename(root, old)
  await rename(staging, root)
  if (hadPrevious) await rm(old, { recursive: true, force: true })
}

// A kill between the two renames of a swap leaves no folder at `root`, only the previous version
// under its temporary name: put it back before anything else.
async function recoverInterruptedSwap (root: string): Promise<void> {
  if (existsSync(root)) return
  const prefix = `.${path.basename(root)}.previous-`
  const leftovers = (await readdir(path.dirname(root)).catch(() => [] as string[])).filter((name) => name.startsWith(prefix))
  if (leftovers.length === 0) return
  const newest = (await Promise.all(leftovers.map(async (name) => ({ name, time: (await stat(path.join(path.dirname(root), name))).mtimeMs })))).sort((a, b) => b.time - a.time)[0]!
  await rename(path.join(path.dirname(root), newest.name), root)
}

async function removeLeftovers (parent: string, base: string): Promise<void> {
  const names = await readdir(parent).catch(() => [] as string[])
  await Promise.all(names.filter((name) => name.startsWith(`.${base}.staging-`) || name.startsWith(`.${base}.previous-`))
    .map(async (name) => await rm(path.join(parent, name), { recursive: true, force: true })))
}

// Manifests name files relative to the folder, with "/": joined and cut as strings, since tens of
// thousands of path.join and path.relative calls are a noticeable part of a build that changed little.
function inFolder (representations: Representations, root: string): Representations {
  const prefix = `${root}${path.sep}`
  const to = (representation: Representation): Representation => ({ ...representation, file: `${prefix}${path.sep === '/' ? representation.file! : representation.file!.split('/').join(path.sep)}` })
  return { identity: to(representations.identity), gzip: to(representations.gzip), br: to(representations.br) }
}

function relativeTo (representations: Representations, root: string): Representations {
  const prefix = `${root}${path.sep}`
  const to = ({ body: _body, ...representation }: Representation): Representation => ({ ...representation, file: representation.file?.startsWith(prefix) === true ? representation.file.slice(prefix.length).split(path.sep).join('/') : representation.file })
  return { identity: to(representations.identity), gzip: to(representations.gzip), br: to(representations.br) }
}
