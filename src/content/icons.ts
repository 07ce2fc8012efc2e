import { ICON_SIZES, type Icons } from '../model/publication.ts'

// The touch icon must be opaque: iOS fills transparent pixels with black.
const OPAQUE: ReadonlySet<number> = new Set([180])

const LARGEST = Math.max(...ICON_SIZES)

/**
 * Makes the icons browsers ask for from the artwork: square PNGs of every size in ICON_SIZES,
 * base64-encoded, with sharp (libvips). The artwork is decoded and scaled down once, to the
 * largest icon, and every size is made from those pixels, so 3000 px artwork costs about as
 * little as 1400 px; metadata is dropped.
 */
export async function makeIcons (artworkFile: string): Promise<Icons | { reason: string }> {
  try {
    // Loaded when icons are made, which is once per artwork: libvips is slow to load and a reload
    // with the same artwork takes the icons from the load cache.
    const { default: sharp } = await import('sharp')
    const { data, info } = await sharp(artworkFile, { failOn: 'error' })
      .resize(LARGEST, LARGEST, { fit: 'cover' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
    const pngs = await Promise.all(ICON_SIZES.map(async (size) => {
      const resized = sharp(data, { raw: info }).resize(size, size)
      const png = await (OPAQUE.has(size) ? resized.flatten({ background: '#ffffff' }) : resized).png().toBuffer()
      return [size, png.toString('base64')] as const
    }))
    return Object.fromEntries(pngs) as Icons
  } catch (error) {
    return { reason: `could not be made into icons: ${(error as Error).message}` }
  }
}
