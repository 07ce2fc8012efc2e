import { execFile } from 'node:child_process'
import { truncate, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import t from 'tap'
import { attemptLoad, episodeFile, errorsOf, hostilePublication, unclearLines, type HostilePublication } from './hostile-publication.ts'

const GiB = 1024 ** 3

/** A WAV header for 16-bit mono PCM at 8 kHz (16,000 bytes a second) announcing `dataBytes` of sound. */
function wavHeader (dataBytes: number): Buffer {
  const header = Buffer.alloc(44)
  header.write('RIFF', 0)
  header.writeUInt32LE(36 + dataBytes, 4)
  header.write('WAVEfmt ', 8)
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(8000, 24)
  header.writeUInt32LE(16000, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36)
  header.writeUInt32LE(dataBytes, 40)
  return header
}

/** A publication with one episode whose audio is `media/NAME`, written by `write`; loads it and times it. */
async function loadWithAudio (t: Parameters<typeof hostilePublication>[0], name: string, write: (file: string) => Promise<void>): Promise<{ dirs: HostilePublication, ms: number } & Awaited<ReturnType<typeof attemptLoad>>> {
  const dirs = await hostilePublication(t, { 'content/episodes/odd-audio.md': episodeFile({ audio: name }) })
  await write(path.join(dirs.mediaDir, name))
  const started = Date.now()
  const result = await attemptLoad(dirs)
  return { dirs, ms: Date.now() - started, ...result }
}

t.test('rejects 256 MB of zeros named .mp3 in well under a second, from its first bytes', async (t) => {
  const { dirs, ms, errors } = await loadWithAudio(t, 'zeros.mp3', async (file) => {
    await writeFile(file, '')
    await truncate(file, 256 * 1024 * 1024)
  })
  t.ok(ms < 1000, `took ${ms} ms`)
  t.match(errors, [{ file: /odd-audio\.md$/, field: 'audio', message: /"zeros\.mp3" is not audio/ }])
  t.same(unclearLines(errors, dirs), [])
})

t.test('rejects a 2 GB file that starts like an MP3 (an ID3 tag) but holds nothing else', async (t) => {
  const { ms, errors } = await loadWithAudio(t, 'id3-then-zeros.mp3', async (file) => {
    await writeFile(file, Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0])]))
    await truncate(file, 2 * GiB)
  })
  t.ok(ms < 1000, `took ${ms} ms`)
  t.match(errors, [{ field: 'audio', message: /"id3-then-zeros\.mp3" is not audio/ }])
})

t.test('rejects a 2 GB file with one MP3 frame header and zeros after it, reading only its first megabytes', async (t) => {
  // An ID3 tag, then the header of an MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz), then nothing:
  // a parser looking for the next frame would scan all 2 GB.
  const { ms, errors } = await loadWithAudio(t, 'one-frame.mp3', async (file) => {
    await writeFile(file, Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0, 0, 0, 0]), Buffer.from([0xff, 0xfb, 0x90, 0x64])]))
    await truncate(file, 2 * GiB)
  })
  t.ok(ms < 4000, `took ${ms} ms`)
  t.match(errors, [{ field: 'audio', message: /"one-frame\.mp3" holds no audio podcast apps can play in its first 16 MiB/ }])
})

t.test('rejects a text file named .mp3', async (t) => {
  const { errors } = await loadWithAudio(t, 'notes.mp3', async (file) => await writeFile(file, 'Just some notes, not audio.\n'.repeat(100)))
  t.match(errors, [{ field: 'audio', message: /"notes\.mp3" is not audio/ }])
})

t.test('reads the type and duration of a 1 GB WAV from its header at once', async (t) => {
  const { ms, errors, loaded } = await loadWithAudio(t, 'long.wav', async (file) => {
    await writeFile(file, wavHeader(GiB))
    await truncate(file, 44 + GiB)
  })
  t.ok(ms < 2000, `took ${ms} ms`)
  t.same(errors, [])
  const episode = loaded!.publication.episodes.find((candidate) => candidate.slug === 'odd-audio')!
  t.match(episode.audio, { type: 'audio/wav', durationSeconds: Math.round(GiB / 16000), length: 44 + GiB })
})

t.test('knows audio by its content, not its name: a WAV named .mp3 is a WAV', async (t) => {
  const { errors, loaded } = await loadWithAudio(t, 'really-a-wav.mp3', async (file) => await writeFile(file, Buffer.concat([wavHeader(32000), Buffer.alloc(32000)])))
  t.same(errors, [])
  t.match(loaded!.publication.episodes.find((candidate) => candidate.slug === 'odd-audio')!.audio, { type: 'audio/wav', durationSeconds: 2 })
})

t.test('reports a FIFO named .mp3 under media/ at once', async (t) => {
  const dirs = await hostilePublication(t, { 'content/episodes/odd-audio.md': episodeFile({ audio: 'pipe.mp3' }) })
  await promisify(execFile)('mkfifo', [path.join(dirs.mediaDir, 'pipe.mp3')])
  t.match(await errorsOf(dirs), [{ field: 'audio', message: /"pipe\.mp3" is not a file/ }])
})

t.test('reads the size of 1.5 GB artwork from its first bytes, without loading it', async (t) => {
  const dirs = await hostilePublication(t)
  const artwork = path.join(dirs.mediaDir, 'artwork.png')
  await truncate(artwork, 1.5 * GiB)
  const started = Date.now()
  const { errors, loaded } = await attemptLoad(dirs)
  t.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`)
  t.same(errors, [])
  t.match(loaded!.publication.site.artwork, { type: 'image/png', width: 1400, height: 1400, length: 1.5 * GiB })
})
