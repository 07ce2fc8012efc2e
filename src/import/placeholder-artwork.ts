import { crc32, deflateSync } from 'node:zlib'

/**
 * A plain grey square PNG of 1400 px, the smallest artwork Apple Podcasts accepts: written when
 * the feed has no usable artwork, so the publication validates until the real one is put in.
 */
export function placeholderArtworkPng (size = 1400): Buffer {
  const row = Buffer.alloc(size + 1, 0xcc)
  row[0] = 0 // filter type None
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header[8] = 8 // bits per sample
  header[9] = 0 // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: size }, () => row)))),
    chunk('IEND', Buffer.alloc(0))
  ])
}

function chunk (type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(typed))
  return Buffer.concat([length, typed, crc])
}
