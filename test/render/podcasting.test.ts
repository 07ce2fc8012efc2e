import { parseRssFeed } from 'feedsmith'
import { parseFeed } from 'podcast-partytime'
import t from 'tap'
import type { Publication, ValueBlock } from '../../src/model/publication.ts'
import { renderPodcast } from '../../src/render/podcast.ts'
import { loadFixture, parseXml, problemsOf, textOf, xmlErrors } from '../helpers.ts'
import { formatProblem } from '../../src/errors.ts'

// The fixture `podcasting` uses every tag; each test reads the feed back with the Podcast Index's own
// parser (podcast-partytime), with feedsmith, or with xml2js where neither reads a tag, and compares
// what it finds with the publication loaded from the content files.

async function parsed (): Promise<{ publication: Publication, xml: string, party: NonNullable<ReturnType<typeof parseFeed>>, smith: ReturnType<typeof parseRssFeed> }> {
  const { publication } = await loadFixture('podcasting')
  const xml = renderPodcast(publication)
  return { publication, xml, party: parseFeed(xml)!, smith: parseRssFeed(xml) }
}

const episodeOf = (publication: Publication, slug: string) => publication.episodes.find((episode) => episode.slug === slug)!

function recipientsOf (block: ValueBlock): unknown[] {
  return block.recipients.map((recipient) => ({ name: recipient.name, type: recipient.type, address: recipient.address, split: recipient.split, fee: recipient.fee, customKey: recipient.customKey, customValue: recipient.customValue }))
}

t.test('the feed with every tag is well-formed and declares the podcast namespace', async (t) => {
  const { xml, party } = await parsed()
  t.equal(await xmlErrors(xml), '')
  t.same(Object.keys(party.pc20support).sort(), ['1', '2', '3', '4', '5', '6', '7'], 'partytime finds tags of every phase')
})

t.test('channel people: role and group from the taxonomy, images from media/ or elsewhere', async (t) => {
  const { publication, party, smith } = await parsed()
  t.same(party.podcastPeople!.map((person) => ({ name: person.name, role: person.role.toLowerCase(), group: person.group.toLowerCase(), img: person.img, href: person.href })),
    publication.site.persons.map((person) => ({ name: person.name, role: person.role, group: person.group, img: person.img, href: person.href })))
  t.equal(publication.site.persons[0]!.img, 'https://example.test/media/artwork.png', 'a media path becomes its URL')
  t.same(smith.podcast?.persons?.map((person: { display?: string }) => person.display), publication.site.persons.map((person) => person.name))
})

t.test('the authors are the channel\'s hosts when site.yaml names no persons', async (t) => {
  const { publication } = await loadFixture('minimal')
  const party = parseFeed(renderPodcast(publication))!
  t.same(party.podcastPeople, [{ name: 'Ada Example', role: 'Host', group: 'Cast', href: 'https://example.test/about' }])
})

t.test('funding, medium, license, guid, lock and txt read back as written', async (t) => {
  const { publication, party } = await parsed()
  const { site } = publication
  t.same(party.podcastFunding, site.funding.map((funding) => ({ message: funding.text, url: funding.url })))
  t.equal(party.medium, site.medium)
  t.same(party.license, { identifier: site.license!.name, url: site.license!.url })
  t.equal(party.guid, site.podcastGuid)
  t.equal(party.podcastOwner, site.owner!.email)
  t.same(party.podcastTxt, site.txt.map((entry) => entry.purpose === undefined ? { value: entry.text } : { value: entry.text, purpose: entry.purpose }))
  t.equal(site.txt[0]!.purpose, 'verify', 'a verify code is a txt with purpose verify')
})

t.test('locations keep rel, geo, osm and country', async (t) => {
  const { publication, party, smith } = await parsed()
  const [first] = publication.site.locations
  t.same(party.podcastLocation, { name: first!.name, osm: first!.osm, geo: first!.geo })
  t.same(smith.podcast?.locations?.map((where: Record<string, unknown>) => ({ display: where.display, rel: where.rel, geo: where.geo, osm: where.osm, country: where.country })),
    publication.site.locations.map((where) => ({ display: where.name, rel: where.rel, geo: where.geo, osm: where.osm, country: where.country })))
})

t.test('a trailer episode is also the channel\'s podcast:trailer, with its enclosure', async (t) => {
  const { publication, party } = await parsed()
  const teaser = episodeOf(publication, 'teaser')
  t.same(party.trailers, [{ title: teaser.title, url: teaser.audio.url, pubdate: teaser.date, type: teaser.audio.type, length: teaser.audio.length, season: teaser.season }])
  t.equal(party.items.find((item) => item.guid === teaser.guid)?.itunesEpisodeType, 'trailer')
})

t.test('channel and episode artwork as podcast:image, and the episode\'s as itunes:image', async (t) => {
  const { publication, party, smith } = await parsed()
  const artwork = publication.site.artwork!
  t.same(smith.podcast?.images, [{ href: artwork.url, alt: `Cover art of ${publication.site.title}`, aspectRatio: '1/1', width: artwork.width, height: artwork.height, type: artwork.type, purpose: 'artwork' }])
  const first = episodeOf(publication, 'first')
  const item: any = smith.items!.find((candidate: any) => candidate.guid?.value === first.guid)
  t.same(item.podcast?.images?.map((image: { href: string }) => image.href), [first.image!.url])
  t.equal(party.items.find((candidate) => candidate.guid === first.guid)?.itunesImage, first.image!.url)
})

t.test('updateFrequency carries its text, rrule and dtstart', async (t) => {
  const { publication, smith } = await parsed()
  const frequency = publication.site.updateFrequency!
  t.equal(smith.podcast?.updateFrequency?.display, frequency.text)
  t.equal(smith.podcast?.updateFrequency?.rrule, frequency.rrule)
  t.equal(new Date(smith.podcast!.updateFrequency!.dtstart!).toISOString(), frequency.dtstart)
})

t.test('podroll and publisher point at other feeds by their GUID', async (t) => {
  const { publication, party, smith } = await parsed()
  t.same(party.podroll, publication.site.podroll.map((item) => JSON.parse(JSON.stringify({ feedGuid: item.feedGuid, feedUrl: item.feedUrl, title: item.title }))))
  t.same(party.podcastPublisher, { feedGuid: publication.site.publisher!.feedGuid, feedUrl: publication.site.publisher!.feedUrl })
  t.equal(smith.podcast?.publisher?.remoteItem?.medium, 'publisher')
})

t.test('value blocks: recipients, fees, custom records and a time split to a remote item', async (t) => {
  const { publication, party } = await parsed()
  const [channelValue] = publication.site.value
  t.same(party.value?.recipients, recipientsOf(channelValue!).map((recipient) => JSON.parse(JSON.stringify(recipient))))
  t.equal(party.value?.suggested, Number(channelValue!.suggested))
  const first = episodeOf(publication, 'first')
  const item = party.items.find((candidate) => candidate.guid === first.guid)!
  t.same(item.value?.recipients, recipientsOf(first.value[0]!).map((recipient) => JSON.parse(JSON.stringify(recipient))))
  const split = first.value[0]!.timeSplits[0]!
  t.match(item.value?.valueTimeSplits, [{ type: 'remoteItem', startTime: split.startTime, duration: split.duration, remotePercentage: split.remotePercentage, remoteItem: { feedGuid: split.remoteItem!.feedGuid, itemGuid: split.remoteItem!.itemGuid, medium: 'music' } }])
})

t.test('block: every platform but the ones excepted, and itunes:block only where Apple is blocked', async (t) => {
  const { publication, party } = await parsed()
  t.equal(party.podcastBlocked, 'yes')
  t.same(party.podcastBlockedPlatforms, { apple: false, podcastindex: false })
  t.equal(party.itunesBlock, false, 'apple is excepted')
  const site = { ...publication.site, block: [{ platform: 'apple', blocked: true }] }
  t.equal(parseFeed(renderPodcast({ ...publication, site }))!.itunesBlock, true, 'apple blocked: itunes:block too')
})

t.test('socialInteract and chat, on the channel and on an episode', async (t) => {
  const { publication, party, smith, xml } = await parsed()
  // feedsmith reads socialInteract on items only: the channel's is read with xml2js.
  const channel = (await parseXml(xml)).rss.channel[0]
  t.same(channel['podcast:socialInteract'].map((entry: any) => entry.$),
    publication.site.socialInteract.map((entry) => ({ protocol: entry.protocol, uri: entry.uri!, accountId: entry.accountId!, accountUrl: entry.accountUrl!, priority: String(entry.priority) })))
  t.match(party.chat, { server: publication.site.chat!.server, protocol: publication.site.chat!.protocol, accountId: publication.site.chat!.accountId, space: publication.site.chat!.space })
  const first = episodeOf(publication, 'first')
  const item: any = smith.items!.find((candidate: any) => candidate.guid?.value === first.guid)
  t.same(item.podcast?.socialInteracts, [{ protocol: 'disabled' }], 'comments disabled for this episode')
  t.match(item.podcast?.chat, { server: first.chat!.server, protocol: first.chat!.protocol, space: first.chat!.space })
})

t.test('transcripts: several languages and formats, captions where they are timed', async (t) => {
  const { publication, party } = await parsed()
  const first = episodeOf(publication, 'first')
  const item = party.items.find((candidate) => candidate.guid === first.guid)!
  t.same(item.podcastTranscripts!.map((transcript) => [transcript.url, transcript.language, transcript.rel]),
    first.transcripts.map((transcript) => [transcript.url, transcript.language ?? publication.site.language, transcript.rel]))
  t.same(first.transcripts.map((transcript) => transcript.rel), ['captions', 'captions', undefined], 'HTML is not captions')
})

t.test('soundbites, people, location, license, season and episode of an item', async (t) => {
  const { publication, party } = await parsed()
  const first = episodeOf(publication, 'first')
  const item = party.items.find((candidate) => candidate.guid === first.guid)!
  t.same(item.podcastSoundbites!.map((bite) => [bite.startTime, bite.duration]), first.soundbites.map((bite) => [bite.startTime, bite.duration]))
  t.equal(item.podcastSoundbites![0]!.title, first.soundbites[0]!.title)
  t.same(item.podcastPeople!.map((person) => [person.name, person.role.toLowerCase(), person.href]), first.persons!.map((person) => [person.name, person.role, person.href]))
  t.equal(item.podcastLocation?.name, first.locations[0]!.name)
  t.equal(item.license?.identifier, first.license!.name)
  t.same([item.podcastSeason?.number, item.podcastEpisode?.number], [first.season, first.episode])
})

t.test('alternate enclosures: files under media/ with their real type, length, bitrate and SRI hash; other sources kept', async (t) => {
  const { publication, party } = await parsed()
  const first = episodeOf(publication, 'first')
  const item = party.items.find((candidate) => candidate.guid === first.guid)!
  t.same(item.alternativeEnclosures!.map((enclosure) => ({ type: enclosure.type, length: enclosure.length, default: enclosure.default, sources: enclosure.source.map((source) => source.uri), integrity: enclosure.integrity?.value, bitrate: enclosure.bitrate })),
    first.alternateEnclosures.map((enclosure) => ({ type: enclosure.type, length: enclosure.length, default: enclosure.default, sources: enclosure.sources.map((source) => source.uri), integrity: enclosure.integrity?.value, bitrate: enclosure.bitrate })))
  const low = first.alternateEnclosures[0]!
  t.equal(low.sources[0]!.uri, 'https://example.test/media/tone-low.mp3')
  t.match(low.integrity?.value, /^sha384-[A-Za-z0-9+/]{64}$/, 'SRI computed from the file')
  t.equal(low.bitrate, Math.round(low.length! * 8 / low.durationSeconds!))
  t.equal(first.alternateEnclosures[2]!.sources[0]!.uri, first.audio.url, 'without a file of its own, an entry is the enclosure over more transports')
})

t.test('contentLink: the episode\'s YouTube, Spotify and other pages, with readable labels', async (t) => {
  const { publication, xml } = await parsed()
  const first = episodeOf(publication, 'first')
  const items = (await parseXml(xml)).rss.channel[0].item
  const item = items.find((candidate: any) => textOf(candidate.guid[0]) === first.guid)
  t.same(item['podcast:contentLink'].map((link: any) => [link.$.href, link._]), [
    ['https://www.youtube.com/watch?v=abc123', 'Watch on YouTube'],
    ['https://open.spotify.com/episode/xyz789', 'Listen on Spotify'],
    ['https://video.example.test/w/first', 'Watch on PeerTube']
  ])
})

t.test('itunes:new-feed-url announces a move', async (t) => {
  const { publication, party } = await parsed()
  t.equal(party.itunesNewFeedUrl, publication.site.newFeedUrl)
})

t.test('every tag is checked by the namespace\'s rules, and every problem is reported at once', async (t) => {
  const problems = (await problemsOf('podcasting-broken')).map(formatProblem)
  const expect = (pattern: RegExp): void => { t.ok(problems.some((problem) => pattern.test(problem)), pattern.source) }
  expect(/site\.yaml:\d+: persons\.0\.role: "Presenter" is not a role in the Podcast Taxonomy/)
  expect(/site\.yaml:\d+: persons\.1\.group: "Sound" is not a group of the Podcast Taxonomy/)
  expect(/site\.yaml:\d+: persons\.2\.role: "graphic designer" is not a role of the group cast/)
  expect(/site\.yaml:\d+: medium: "podcastL" is not a podcast:medium for a feed of episodes/)
  expect(/site\.yaml:\d+: update_frequency\.rrule: "FREQ=FORTNIGHTLY" is not an iCalendar recurrence rule/)
  expect(/site\.yaml:\d+: block: "myspace" is not a service slug/)
  expect(/site\.yaml:\d+: funding\.url: "http:\/\/example\.test\/support" is not an absolute https:\/\/ URL/)
  expect(/site\.yaml:\d+: location: .*"geo":"somewhere".* is not a place name, or \{ name, rel\? \(subject or creator\), geo\? \(geo:51\.5,-0\.12\)/)
  expect(/site\.yaml:\d+: podroll\.0\.feed_guid: "not-a-guid" is not a UUID/)
  expect(/site\.yaml:\d+: value\.recipients: every split is 0/)
  expect(/episodes\/bad\.md:\d+: soundbites\.0: 1 s \+ 30 s ends after the audio, which lasts 2 s/)
  expect(/episodes\/bad\.md:\d+: alternate_enclosures\.0\.path: "\.\.\/outside\.mp3" is outside media\//)
  expect(/episodes\/bad\.md:\d+: alternate_enclosures\.1: a file elsewhere needs its type and length/)
  expect(/episodes\/bad\.md:\d+: image: "notes\.txt" .*(JPEG|PNG|image)/)
  expect(/episodes\/bad\.md:\d+: transcript\.1: the type of https:\/\/example\.test\/t\.txt is required/)
  expect(/episodes\/bad\.md:\d+: persons\.0\.img: "missing\.png" not found under media\//)
})
