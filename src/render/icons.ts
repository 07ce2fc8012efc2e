import type { IconSize, Publication } from '../model/publication.ts'
import { iconUrl } from '../model/urls.ts'

const FAVICON_SIZES = [16, 32, 48] as const

/**
 * `favicon.ico`: the 16, 32 and 48 px icons in one ICO file, as PNGs, which every browser since
 * Internet Explorer 11 (and Windows since Vista) reads inside ICO. The container is a 6-byte
 * header and a 16-byte directory entry per image (little-endian), then the images.
 */
export function renderFavicon (publication: Publication): Uint8Array {
  const pngs = FAVICON_SIZES.map((size) => ({ size, png: iconBytes(publication, size) }))
  const header = Buffer.alloc(6 + 16 * pngs.length)
  header.writeUInt16LE(0, 0) // reserved
  header.writeUInt16LE(1, 2) // 1: an icon (2 would be a cursor)
  header.writeUInt16LE(pngs.length, 4)
  let offset = header.length
  pngs.forEach(({ size, png }, index) => {
    const entry = 6 + 16 * index
    header.writeUInt8(size, entry) // width and height; 0 would mean 256
    header.writeUInt8(size, entry + 1)
    header.writeUInt8(0, entry + 2) // no palette
    header.writeUInt8(0, entry + 3) // reserved
    header.writeUInt16LE(1, entry + 4) // colour planes
    header.writeUInt16LE(32, entry + 6) // bits per pixel
    header.writeUInt32LE(png.length, entry + 8)
    header.writeUInt32LE(offset, entry + 12)
    offset += png.length
  })
  return Buffer.concat([header, ...pngs.map(({ png }) => png)])
}

/** One of the artwork's icons as a PNG file: `apple-touch-icon.png` (180 px), `icon-192.png`, `icon-512.png`. */
export function renderIcon (publication: Publication, size: IconSize): Uint8Array {
  return iconBytes(publication, size)
}

/**
 * The web app manifest, for the icon Android shows when a reader adds the site to the home screen
 * (the W3C Web Application Manifest); `display: browser` keeps it an ordinary web page.
 */
export function renderWebManifest (publication: Publication): string {
  const { site } = publication
  const manifest = {
    name: site.title,
    start_url: site.url,
    display: 'browser',
    icons: ([192, 512] as const).map((size) => ({ src: iconUrl(site.url, size), sizes: `${size}x${size}`, type: 'image/png' }))
  }
  return `${JSON.stringify(manifest, null, 2)}\n`
}

function iconBytes (publication: Publication, size: IconSize): Buffer {
  const icon = publication.site.artwork?.icons?.[size]
  if (icon === undefined) throw new Error(`the artwork has no ${size} px icon: icons are made when the site is loaded`)
  return Buffer.from(icon, 'base64')
}
