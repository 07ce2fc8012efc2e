import { readFile } from 'node:fs/promises'
import { readFeed } from './src/import/read-feed.ts'
for (const f of ['feed.xml', 'atom.xml', 'feed.json', 'podcast.xml']) {
  const feed = await readFeed(await readFile(`/tmp/imp-build/${f}`), f, undefined)
  const { items, ...rest } = feed
  console.log(JSON.stringify(rest).slice(0, 600))
  console.log(JSON.stringify({ ...items[0], html: items[0]?.html?.slice(0, 100) }).slice(0, 900))
}
