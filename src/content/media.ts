import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { imageSizeFromFile } from 'image-size/fromFile'
import { CouldNotDetermineFileTypeError, parseFromTokenizer, UnsupportedFileTypeError, type IFormat } from 'music-metadata'
import { BoundedFileTokenizer, ReadBudgetExceeded } from './bounded-file-tokenizer.ts'
import { LIMITS } from './limits.ts'
import { describeIoError } from './read-content-file.ts'

/** A file found under `media/`: its path there and on disk, and its exact size. */
export interface LocalMedia {
  /** Path relative to `media/`, with forward slashes: the URL path under `/media/`. */
  readonly path: string
  readonly absolutePath: string
  readonly length: number
}

/**
 * Finds a file under `mediaDir`, refusing any path that leaves it: absolute paths, `..`, and
 * symlinks whose target is outside. Returns a reason when the file is missing or not allowed.
 */
export async function findMediaFile (mediaDir: string, relativePath: string): Promise<LocalMedia | { reason: string }> {
  const outside = { reason: `"${relativePath}" is outside media/ (media paths are relative to media/ and cannot leave it)` }
  if (relativePath.includes('\0') || relativePath.includes('\\') || path.isAbsolute(relativePath) || /^[a-z][a-z0-9+.-]*:/i.test(relativePath)) return outside
  const root = path.resolve(mediaDir)
  const candidate = path.resolve(root, relativePath)
  if (!isInside(root, candidate)) return outside
  let realRoot: string
  let realCandidate: string
  try {
    realRoot = await realpath(root)
    realCandidate = await realpath(candidate)
  } catch {
    return { reason: `"${relativePath}" not found under media/` }
  }
  if (!isInside(realRoot, realCandidate)) return outside
  const stats = await stat(realCandidate).catch(() => undefined)
  if (stats === undefined) return { reason: `"${relativePath}" not found under media/` }
  if (!stats.isFile()) return { reason: `"${relativePath}" is not a file` }
  return { path: path.relative(root, candidate).split(path.sep).join('/'), absolutePath: realCandidate, length: stats.size }
}

function isInside (root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate)
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
}

// Container names as music-metadata reports them → the MIME type Apple and podcast apps expect.
const AUDIO_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^MPEG$/, 'audio/mpeg'],
  [/M4A|isom|mp42|iso2/i, 'audio/x-m4a'],
  [/^Ogg$/, 'audio/ogg'],
  [/^WAVE$/, 'audio/wav'],
  [/^FLAC$/, 'audio/flac']
]

/**
 * Reads an audio file's true MIME type (from its content, not its name) and its duration in whole
 * seconds, from its headers: never more than LIMITS.audioHeaderBytes of it, however large it is.
 */
export async function readAudioFacts (file: string): Promise<{ type: string, durationSeconds: number } | { reason: string }> {
  const format = await readFormat(file)
  if ('reason' in format) return format
  const type = AUDIO_TYPES.find(([pattern]) => pattern.test(format.container ?? ''))?.[1]
  if (type === undefined) return { reason: `is not audio in a format podcast apps play (found ${format.container ?? 'unknown data'}; use MP3 or M4A)` }
  return withDuration(type, format.duration)
}

/**
 * Reads the true type and duration of another file of an episode (`podcast:alternateEnclosure`):
 * audio as above, or video (MP4, WebM), told apart by whether the file has a video track.
 */
export async function readMediaFacts (file: string): Promise<{ type: string, durationSeconds: number } | { reason: string }> {
  const format = await readFormat(file)
  if ('reason' in format) return format
  const container = format.container ?? ''
  const video = format.hasVideo === true ? VIDEO_TYPES.find(([pattern]) => pattern.test(container))?.[1] : undefined
  const type = video ?? AUDIO_TYPES.find(([pattern]) => pattern.test(container))?.[1]
  if (type === undefined) return { reason: `is not audio or video in a format podcast apps play (found ${container || 'unknown data'})` }
  return withDuration(type, format.duration)
}

function withDuration (type: string, duration: number | undefined): { type: string, durationSeconds: number } | { reason: string } {
  if (duration === undefined || !(duration > 0)) {
    return { reason: type === 'audio/mpeg' ? 'has no duration in its headers: a variable-bitrate MP3 needs a Xing or VBRI header (lame and ffmpeg write one; encode it again)' : 'has no readable duration (is the file complete?)' }
  }
  return { type, durationSeconds: Math.round(duration) }
}

// The container's headers, read from the content (never the name), bounded however large the file.
async function readFormat (file: string): Promise<IFormat | { reason: string }> {
  let tokenizer: BoundedFileTokenizer
  try {
    tokenizer = await BoundedFileTokenizer.openBounded(file, LIMITS.audioHeaderBytes)
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === 'ENOTREGULAR' ? 'is not a file' : describeIoError(error) }
  }
  try {
    // duration: false, as podcast hosts do: a constant-bitrate MP3's duration is estimated from
    // its size and bitrate, a variable-bitrate one's read from its Xing or VBRI header. With true,
    // music-metadata counts every frame of an MP3 without such a header, reading it whole.
    return (await parseFromTokenizer(tokenizer, { duration: false, skipCovers: true })).format
  } catch (error) {
    if (error instanceof CouldNotDetermineFileTypeError || error instanceof UnsupportedFileTypeError) {
      return { reason: 'is not audio: its first bytes are not those of an MP3, M4A, Ogg, WAV or FLAC file' }
    }
    if (error instanceof ReadBudgetExceeded) return { reason: `holds no audio podcast apps can play in its first ${LIMITS.audioHeaderBytes / 1024 / 1024} MiB (is it damaged?)` }
    return { reason: `could not be read as audio: ${(error as Error).message.split('\n')[0]}` }
  } finally {
    await tokenizer.close()
  }
}

const VIDEO_TYPES: ReadonlyArray<[RegExp, string]> = [
  [/isom|mp42|iso2|M4V/i, 'video/mp4'],
  [/webm/i, 'video/webm']
]

/** The file's Subresource Integrity string (W3C SRI, sha384), as `podcast:integrity type="sri"` carries it. */
export async function readIntegrity (file: string): Promise<string> {
  const hash = createHash('sha384')
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer)
  return `sha384-${hash.digest('base64')}`
}

const IMAGE_TYPES: Readonly<Record<string, string>> = { jpg: 'image/jpeg', png: 'image/png' }

/** Reads an image's true type and pixel size from its content: its first 512 KiB, however large it is. */
export async function readImageFacts (file: string): Promise<{ type: string, width: number, height: number } | { reason: string }> {
  try {
    const size = await imageSizeFromFile(file)
    const type = IMAGE_TYPES[size.type ?? '']
    if (type === undefined) return { reason: `is ${size.type ?? 'not an image'}, but artwork must be JPEG or PNG` }
    return { type, width: size.width, height: size.height }
  } catch (error) {
    return { reason: `could not be read as an image: ${(error as Error).message}` }
  }
}

// Podcasting 2.0 `podcast:transcript` and `podcast:chapters` types, by extension (text formats carry no magic number).
const TEXT_MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.vtt': 'text/vtt',
  '.srt': 'application/x-subrip',
  '.json': 'application/json+chapters'
}

/** The MIME type of a transcript or chapters file, or undefined for an extension it cannot have. */
export function textMediaType (relativePath: string): string | undefined {
  return TEXT_MEDIA_TYPES[path.extname(relativePath).toLowerCase()]
}
