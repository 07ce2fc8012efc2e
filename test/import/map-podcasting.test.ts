import { Type } from '@sinclair/typebox'
import t from 'tap'
import { episodeSchema, siteSchema } from '../../src/content/schemas.ts'
import type { PodcastChannelTags, PodcastItemTags } from '../../src/import/imported-feed.ts'
import { mapChannelPodcasting, mapEpisodePodcasting } from '../../src/import/map-podcasting.ts'

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

t.test('every Podcasting 2.0 episode tag is written under its field', async (t) => {
  const mapped = mapEpisodePodcasting(item, episodeSchema)
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

t.test('with a schema that lacks a field, what it does not know goes to the report, named', async (t) => {
  const { persons: _persons, image: _image, transcript: _transcript, ...older } = episodeSchema.properties
  const mapped = mapEpisodePodcasting(item, Type.Object(older))
  t.same(mapped.fields, { season: 1, episode: 3, episode_type: 'full', explicit: false, chapters: { url: 'https://cdn.example/ep3.json', type: 'application/json+chapters' } })
  t.equal(mapped.unmapped.length, 3)
  t.match(mapped.unmapped.join('\n'), /itunes:image https:\/\/cdn\.example\/ep3\.jpg: this version of feedwright has no image field/)
  t.match(mapped.unmapped.join('\n'), /podcast:person Léa Libre, Marc Source: this version of feedwright has no persons field/)
  t.match(mapped.unmapped.join('\n'), /podcast:transcript https:\/\/cdn\.example\/ep3\.vtt, https:\/\/cdn\.example\/ep3\.srt: this version of feedwright has no transcript field/)
})

t.test('a transcript or chapters file that was downloaded is written as its media path', async (t) => {
  const mapped = mapEpisodePodcasting(item, episodeSchema, new Map([['https://cdn.example/ep3.vtt', 'ep3.vtt'], ['https://cdn.example/ep3.json', 'ep3.json']]))
  t.same(mapped.fields.transcript, [{ path: 'ep3.vtt', language: 'fr' }, { url: 'https://cdn.example/ep3.srt', type: 'application/x-subrip' }], 'the downloaded one by its path, with its language')
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
  updateFrequency: { text: 'Weekly', rrule: 'FREQ=WEEKLY' },
  location: 'Paris'
}

t.test('the channel\'s Podcasting 2.0 tags are written as site.yaml fields', async (t) => {
  const mapped = mapChannelPodcasting(channel, siteSchema)
  t.same(mapped.fields, {
    locked: true,
    podcast_type: 'serial',
    funding: [{ url: 'https://liberapay.example/show', text: 'Liberapay' }, { url: 'https://opencollective.example/show', text: 'Support the show' }],
    persons: [{ name: 'Léa Libre', role: 'host' }],
    medium: 'podcast',
    license: 'cc-by-sa-4.0',
    update_frequency: { text: 'Weekly', rrule: 'FREQ=WEEKLY' },
    location: 'Paris'
  })
  t.same(mapped.unmapped, [])
})

t.test('with a schema that takes one funding link, one is written and the rest reported', async (t) => {
  const { funding: _funding, persons: _persons, medium: _medium, license: _license, update_frequency: _frequency, location: _location, ...older } = siteSchema.properties
  const oneLink = Type.Object({ ...older, funding: Type.Optional(Type.Object({ url: Type.String(), text: Type.String() })) })
  const mapped = mapChannelPodcasting(channel, oneLink)
  t.same(mapped.fields, { locked: true, podcast_type: 'serial', funding: { url: 'https://liberapay.example/show', text: 'Liberapay' } })
  t.match(mapped.unmapped.join('\n'), /podcast:funding https:\/\/opencollective\.example\/show: only one funding link fits in site\.yaml/)
  for (const name of ['persons', 'medium', 'license', 'update_frequency', 'location']) t.match(mapped.unmapped.join('\n'), `no ${name} field`)
})
