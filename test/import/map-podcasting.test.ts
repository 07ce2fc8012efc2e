import { Type } from '@sinclair/typebox'
import t from 'tap'
import { episodeSchema, siteSchema } from '../../src/content/schemas.ts'
import type { PodcastChannelTags, PodcastItemTags } from '../../src/import/imported-feed.ts'
import { mapChannelPodcasting, mapEpisodePodcasting } from '../../src/import/map-podcasting.ts'

// The episode and site fields the podcast helper adds, in the shapes agreed for them: what the
// mapping writes once the lead has merged them.
const person = Type.Object({ name: Type.String(), role: Type.Optional(Type.String()), group: Type.Optional(Type.String()), img: Type.Optional(Type.String()), href: Type.Optional(Type.String()) }, { additionalProperties: false })
const linked = Type.Object({ url: Type.String(), type: Type.String(), language: Type.Optional(Type.String()), rel: Type.Optional(Type.String()) }, { additionalProperties: false })
const futureEpisode = Type.Object({
  ...episodeSchema.properties,
  persons: Type.Optional(Type.Array(person)),
  transcript: Type.Optional(Type.Union([Type.String(), linked, Type.Array(Type.Union([Type.String(), linked]))])),
  chapters: Type.Optional(Type.Union([Type.String(), Type.Object({ url: Type.String(), type: Type.String() })])),
  image: Type.Optional(Type.String())
})
const funding = Type.Object({ url: Type.String(), text: Type.String() })
const futureSite = Type.Object({
  ...siteSchema.properties,
  persons: Type.Optional(Type.Array(person)),
  medium: Type.Optional(Type.String()),
  license: Type.Optional(Type.String()),
  funding: Type.Optional(Type.Union([funding, Type.Array(funding)])),
  update_frequency: Type.Optional(Type.String()),
  location: Type.Optional(Type.String())
})

const item: PodcastItemTags = {
  duration: 875,
  season: 1,
  episode: 3,
  episodeType: 'full',
  explicit: false,
  image: 'https://cdn.example/ep3.jpg',
  transcripts: [{ url: 'https://cdn.example/ep3.vtt', type: 'text/vtt', language: 'fr' }, { url: 'https://cdn.example/ep3.srt', type: 'application/x-subrip' }],
  chapters: { url: 'https://cdn.example/ep3.json', type: 'application/json+chapters' },
  persons: [{ name: 'Léa Libre', role: 'host', href: 'https://example.social/@lea' }, { name: 'Marc Source', role: 'guest' }]
}

t.test('with the Podcasting 2.0 episode fields in the schema, every tag is written under its agreed name', async (t) => {
  const mapped = mapEpisodePodcasting(item, futureEpisode)
  t.same(mapped.fields, {
    season: 1,
    episode: 3,
    episode_type: 'full',
    explicit: false,
    image: 'https://cdn.example/ep3.jpg',
    persons: [{ name: 'Léa Libre', role: 'host', href: 'https://example.social/@lea' }, { name: 'Marc Source', role: 'guest' }],
    transcript: [{ url: 'https://cdn.example/ep3.vtt', type: 'text/vtt', language: 'fr' }, { url: 'https://cdn.example/ep3.srt', type: 'application/x-subrip' }],
    chapters: { url: 'https://cdn.example/ep3.json', type: 'application/json+chapters' }
  })
  t.same(mapped.unmapped, [])
})

t.test('with today\'s episode schema, the fields it does not know go to the report, named', async (t) => {
  const mapped = mapEpisodePodcasting(item, episodeSchema)
  t.same(mapped.fields, { season: 1, episode: 3, episode_type: 'full', explicit: false })
  t.equal(mapped.unmapped.length, 4)
  t.match(mapped.unmapped.join('\n'), /itunes:image https:\/\/cdn\.example\/ep3\.jpg: this version of feedwright has no image field/)
  t.match(mapped.unmapped.join('\n'), /podcast:person Léa Libre, Marc Source: this version of feedwright has no persons field/)
  t.match(mapped.unmapped.join('\n'), /podcast:transcript https:\/\/cdn\.example\/ep3\.vtt, https:\/\/cdn\.example\/ep3\.srt: not in a form transcript: accepts here/)
})

t.test('a transcript or chapters file that was downloaded is written as its media path', async (t) => {
  const mapped = mapEpisodePodcasting(item, episodeSchema, new Map([['https://cdn.example/ep3.vtt', 'ep3.vtt'], ['https://cdn.example/ep3.json', 'ep3.json']]))
  t.equal(mapped.fields.transcript, 'ep3.vtt')
  t.equal(mapped.fields.chapters, 'ep3.json')
})

t.test('an episode type apps do not know is reported, not written', async (t) => {
  const mapped = mapEpisodePodcasting({ transcripts: [], persons: [], episodeType: 'teaser' }, episodeSchema)
  t.same(mapped.fields, {})
  t.match(mapped.unmapped[0], /itunes:episodeType "teaser": not in a form episode_type: accepts here/)
})

const channel: PodcastChannelTags = {
  locked: true,
  type: 'serial',
  funding: [{ url: 'https://liberapay.example/show', text: 'Liberapay' }, { url: 'https://opencollective.example/show' }],
  persons: [{ name: 'Léa Libre', role: 'host' }],
  medium: 'podcast',
  license: 'cc-by-sa-4.0',
  updateFrequency: 'Weekly',
  location: 'Paris'
}

t.test('with the Podcasting 2.0 site fields in the schema, the channel tags are written', async (t) => {
  const mapped = mapChannelPodcasting(channel, futureSite)
  t.same(mapped.fields, {
    locked: true,
    podcast_type: 'serial',
    funding: [{ url: 'https://liberapay.example/show', text: 'Liberapay' }, { url: 'https://opencollective.example/show', text: 'Support the show' }],
    persons: [{ name: 'Léa Libre', role: 'host' }],
    medium: 'podcast',
    license: 'cc-by-sa-4.0',
    update_frequency: 'Weekly',
    location: 'Paris'
  })
  t.same(mapped.unmapped, [])
})

t.test('with today\'s site schema, one funding link is written and the rest reported', async (t) => {
  const mapped = mapChannelPodcasting(channel, siteSchema)
  t.same(mapped.fields, { locked: true, podcast_type: 'serial', funding: { url: 'https://liberapay.example/show', text: 'Liberapay' } })
  t.match(mapped.unmapped.join('\n'), /podcast:funding https:\/\/opencollective\.example\/show: only one funding link fits in site\.yaml/)
  for (const name of ['persons', 'medium', 'license', 'update_frequency', 'location']) t.match(mapped.unmapped.join('\n'), `no ${name} field`)
})
