import { createHash } from 'node:crypto'
import { appendFile, cp, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** A throwaway publication for the benchmark, laid out like a real one. */
export interface BenchPublication {
  readonly dir: string
  readonly contentDir: string
  readonly mediaDir: string
}

const SAMPLE_ISSUE = 'issues/2023-01-27-was-chatgpt-a-good-idea.md'
const EXTRA_ISSUES = 60
const BIG_FILE = 'big.bin'
const BIG_FILE_SIZE = 6 * 1024 * 1024
const WEEK = 7 * 24 * 3600 * 1000

/**
 * Copies the sample publication into a temporary folder and grows it: 60 more issues so the RSS
 * feed weighs what a real archive does (a tiny feed would measure per-request overhead only), and
 * a 6 MiB media file, under the 8 MiB a media file may take in memory, so it is served from memory
 * like hot media.
 */
export async function makePublication (sampleRoot: string): Promise<BenchPublication> {
  const dir = await mkdtemp(path.join(tmpdir(), 'feedwright-bench-'))
  const contentDir = path.join(dir, 'content')
  const mediaDir = path.join(dir, 'media')
  await cp(path.join(sampleRoot, 'content'), contentDir, { recursive: true })
  await cp(path.join(sampleRoot, 'media'), mediaDir, { recursive: true })
  // 30 issues of the sample's length make a main feed of about 200 KB, the size this measures.
  await appendFile(path.join(contentDir, 'site.yaml'), '\nfeed_size: 30\n')

  const sample = await readFile(path.join(contentDir, SAMPLE_ISSUE), 'utf8')
  // Weekly, going back from the week before the sample, so every issue is older than the one with the episode.
  const first = Date.UTC(2023, 0, 20, 17)
  for (let n = 1; n <= EXTRA_ISSUES; n++) {
    const slug = `issue-${String(n).padStart(2, '0')}`
    const date = new Date(first - (n - 1) * WEEK).toISOString().slice(0, 19)
    const issue = withFrontMatter(sample, {
      title: `"Issue ${n}: Was ChatGPT a good idea?"`,
      // 17:00 in the sample's zone; a fixed offset, so no week shifts with daylight saving.
      date: `${date}+01:00`,
      slug
    })
    await writeFile(path.join(contentDir, 'issues', `${slug}.md`), issue)
  }

  await writeFile(path.join(mediaDir, BIG_FILE), pseudoRandomBytes(BIG_FILE_SIZE))
  return { dir, contentDir, mediaDir }
}

// Replaces whole front matter lines rather than parsing YAML: the sample is ours and every key is
// on one line, and failing when a key is missing keeps the copies from silently sharing a slug.
function withFrontMatter (text: string, fields: Readonly<Record<string, string>>): string {
  let result = text
  for (const [key, value] of Object.entries(fields)) {
    const line = new RegExp(`^${key}: .*$`, 'm')
    if (!line.test(result)) throw new Error(`bench: ${SAMPLE_ISSUE} has no "${key}:" line to replace`)
    result = result.replace(line, `${key}: ${value}`)
  }
  return result
}

// A sha256 chain: deterministic, so every run serves the same bytes, and incompressible, so no
// layer between server and client could shrink it.
function pseudoRandomBytes (size: number): Buffer {
  const bytes = Buffer.alloc(size)
  let block = createHash('sha256').update('feedwright bench').digest()
  for (let offset = 0; offset < size; offset += block.length) {
    block.copy(bytes, offset)
    block = createHash('sha256').update(block).digest()
  }
  return bytes
}
