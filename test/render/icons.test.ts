import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { imageSize } from 'image-size'
import sharp from 'sharp'
import t from 'tap'
import { loadPublication } from '../../src/content/load-publication.ts'
import { ContentError } from '../../src/errors.ts'
import type { Publication } from '../../src/model/publication.ts'
import { publish, type Published } from '../../src/publish/publish.ts'
import { copyPublication, loadFixture, publicationDirs } from '../helpers.ts'

async function publishedFixture (name: string): Promise<Published & { publication: Publication }> {
  const { publication } = await loadFixture(name)
  return { ...await publish(publication), publication }
}

// Mean red, green and blue: an icon that is the artwork made small has about the artwork's colours.
async function meanColour (image: Buffer | string): Promise<number[]> {
  const { channels } = await sharp(image).stats()
  return channels.slice(0, 3).map((channel) => channel.mean)
}

t.test('favicon.ico holds the artwork at 16, 32 and 48 px, as PNGs any browser reads', async (t) => {
  for (const fixture of ['sample', 'minimal']) {
    const published = await publishedFixture(fixture)
    const favicon = published.files.get('/favicon.ico')!
    t.equal(favicon.type, 'image/x-icon')
    const read = imageSize(favicon.representations.identity.body!)
    t.equal(read.type, 'ico', `${fixture}: image-size reads it as an icon`)
    t.same(read.images?.map((image) => `${image.width}x${image.height}`), ['16x16', '32x32', '48x48'])
    const body = favicon.representations.identity.body!
    t.equal(body.readUInt16LE(2), 1, 'an icon, not a cursor')
    const artwork = await meanColour(path.join(publicationDirs(fixture).mediaDir, published.publication.site.artwork!.path!))
    for (let index = 0; index < 3; index++) {
      const size = body.readUInt32LE(6 + 16 * index + 8)
      const offset = body.readUInt32LE(6 + 16 * index + 12)
      const png = body.subarray(offset, offset + size)
      const metadata = await sharp(png).metadata()
      t.equal(metadata.format, 'png')
      t.equal(metadata.width, [16, 32, 48][index])
      const colour = await meanColour(png)
      t.ok(colour.every((value, channel) => Math.abs(value - artwork[channel]!) < 20), `${metadata.width} px looks like the artwork (${colour.map(Math.round)} against ${artwork.map(Math.round)})`)
    }
  }
})

t.test('the touch icon is 180 px and opaque, the home screen icons 192 and 512 px, all named by the manifest', async (t) => {
  const published = await publishedFixture('minimal')
  const touch = published.files.get('/apple-touch-icon.png')!
  t.equal(touch.type, 'image/png')
  const metadata = await sharp(touch.representations.identity.body!).metadata()
  t.same({ width: metadata.width, height: metadata.height, hasAlpha: metadata.hasAlpha }, { width: 180, height: 180, hasAlpha: false }, 'iOS shows transparency as black')
  const manifestFile = published.files.get('/manifest.webmanifest')!
  t.equal(manifestFile.type, 'application/manifest+json; charset=utf-8')
  const manifest = JSON.parse(manifestFile.representations.identity.body!.toString('utf8'))
  t.equal(manifest.name, 'Minimal Weekly')
  t.equal(manifest.start_url, 'https://example.test/')
  t.same(manifest.icons.map((icon: any) => ({ src: icon.src, sizes: icon.sizes, type: icon.type })), [
    { src: 'https://example.test/icon-192.png', sizes: '192x192', type: 'image/png' },
    { src: 'https://example.test/icon-512.png', sizes: '512x512', type: 'image/png' }
  ])
  for (const size of [192, 512]) {
    const icon = published.files.get(`/icon-${size}.png`)!
    t.same(imageSize(icon.representations.identity.body!), { height: size, width: size, type: 'png' }, `icon-${size}.png is what the manifest says`)
  }
})

t.test('publishing twice gives the same icon bytes', async (t) => {
  const first = await publishedFixture('sample')
  const second = await publishedFixture('sample')
  for (const path of ['/favicon.ico', '/apple-touch-icon.png', '/icon-192.png', '/icon-512.png']) {
    t.ok(first.files.get(path)!.representations.identity.body!.equals(second.files.get(path)!.representations.identity.body!), path)
  }
})

t.test('artwork whose header reads but whose pixels do not is reported, not published', async (t) => {
  const dirs = await copyPublication(t, 'minimal')
  const artwork = path.join(dirs.mediaDir, 'artwork.png')
  await writeFile(artwork, (await readFile(artwork)).subarray(0, 200))
  const error = await loadPublication(dirs).then(() => undefined, (error: unknown) => error)
  t.type(error, ContentError)
  t.match((error as ContentError).problems, [{ file: /site\.yaml$/, field: 'artwork', message: /"artwork\.png" could not be made into icons/, severity: 'error' }])
})
