import { readFile } from 'node:fs/promises'
import * as captions from 'media-captions'
import type { ChapterMark, Cue } from '../model/publication.ts'
import { removeXmlForbiddenCharacters as clean } from '../model/text.ts'

/**
 * The cues of a WebVTT or SubRip file, as plain text a page can show: voice and style tags
 * dropped (a `<v Name>` voice becomes "Name: "), entities decoded. Parsed by media-captions.
 */
export async function readCues (file: string, type: string): Promise<Cue[]> {
  const { cues } = await parseCaptions(await readFile(file, 'utf8'), { type: type === 'application/x-subrip' ? 'srt' : 'vtt', strict: false })
  return cues.map((cue) => ({ start: cue.startTime, end: cue.endTime, text: plainCueText(cue.text) })).filter((cue) => cue.text !== '')
}

/** The chapters of a JSON Chapters file that belong in a table of contents (`toc: false` ones do not). */
export async function readChapterMarks (file: string): Promise<ChapterMark[]> {
  const { chapters } = JSON.parse(await readFile(file, 'utf8')) as { chapters: Array<{ startTime: number, title?: unknown, toc?: unknown }> }
  return chapters
    .filter((chapter) => chapter.toc !== false)
    .map((chapter) => ({ startTime: chapter.startTime, title: typeof chapter.title === 'string' && chapter.title.trim() !== '' ? clean(chapter.title) : undefined }))
    .sort((a, b) => a.startTime - b.startTime)
}

// media-captions ships its types with extensionless relative imports, which NodeNext resolution cannot
// follow, so the one function used is typed here, as its documentation describes it.
const parseCaptions = (captions as unknown as {
  parseText: (text: string, options: { type: 'vtt' | 'srt', strict: boolean }) => Promise<{ cues: Array<{ startTime: number, endTime: number, text: string }> }>
}).parseText

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f' }

function plainCueText (text: string): string {
  const withSpeaker = text.replace(/<v(?:\.[^\s>]*)?\s+([^>]+)>/g, '$1: ')
  const plain = withSpeaker.replace(/<[^>]*>/g, '').replace(/&(amp|lt|gt|nbsp|lrm|rlm);/g, (_, name: string) => ENTITIES[name] ?? '')
  return clean(plain.replace(/\s+/g, ' ').trim())
}
