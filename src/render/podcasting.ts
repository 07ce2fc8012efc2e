import type { AlternateEnclosure, Episode, Image, Location, PodcastPerson, RemoteItem, Site, SocialInteract, Txt, ValueBlock, ValueRecipient } from '../model/publication.ts'
import { rfc822 } from './dates.ts'
import { attributes, textWithAttributes, type XmlElement } from './xml.ts'

// Podcasting 2.0 namespace (podcastindex.org/namespace/1.0): every tag a hosted show can use.
// liveItem and podping are out of scope: feedwright publishes files, not live streams.

/** Channel tags, in the order the namespace lists them; `trailers` are the publication's trailer episodes. */
export function podcastChannel (site: Site, trailers: readonly Episode[] = []): XmlElement {
  return {
    'podcast:guid': site.podcastGuid,
    // owner tells a hosting company whom to ask before moving a locked feed.
    'podcast:locked': textWithAttributes(site.locked ? 'yes' : 'no', { owner: site.owner?.email }),
    'podcast:funding': site.funding.map((funding) => textWithAttributes(funding.text, { url: funding.url })),
    'podcast:person': site.persons.map(person),
    'podcast:medium': site.medium,
    'podcast:license': site.license === undefined ? undefined : textWithAttributes(site.license.name, { url: site.license.url }),
    'podcast:location': site.locations.map(location),
    'podcast:trailer': trailers.map((trailer) => textWithAttributes(trailer.title, {
      url: trailer.audio.url,
      pubdate: rfc822(trailer.date),
      length: trailer.audio.length,
      type: trailer.audio.type,
      season: trailer.season
    })),
    'podcast:image': site.artwork === undefined ? undefined : image({ url: site.artwork.url, type: site.artwork.type, width: site.artwork.width, height: site.artwork.height }, `Cover art of ${site.title}`),
    'podcast:updateFrequency': site.updateFrequency === undefined
      ? undefined
      : textWithAttributes(site.updateFrequency.text, {
        complete: site.updateFrequency.complete ? 'true' : undefined,
        dtstart: site.updateFrequency.dtstart,
        rrule: site.updateFrequency.rrule
      }),
    'podcast:podroll': site.podroll.length === 0 ? undefined : { 'podcast:remoteItem': site.podroll.map(remoteItem) },
    'podcast:publisher': site.publisher === undefined ? undefined : { 'podcast:remoteItem': remoteItem(site.publisher) },
    'podcast:value': site.value.map(value),
    'podcast:txt': site.txt.map(txt),
    'podcast:block': site.block.map((rule) => textWithAttributes(rule.blocked ? 'yes' : 'no', { id: rule.platform })),
    'podcast:socialInteract': site.socialInteract.map(socialInteract),
    'podcast:chat': site.chat === undefined ? undefined : attributes({ server: site.chat.server, protocol: site.chat.protocol, accountId: site.chat.accountId, space: site.chat.space })
  }
}

/** Item tags. */
export function podcastItem (episode: Episode): XmlElement {
  return {
    'podcast:transcript': episode.transcripts.map((transcript) => attributes({ url: transcript.url, type: transcript.type, language: transcript.language, rel: transcript.rel })),
    'podcast:chapters': episode.chapters === undefined ? undefined : attributes({ url: episode.chapters.url, type: episode.chapters.type }),
    'podcast:soundbite': episode.soundbites.map((bite) => textWithAttributes(bite.title ?? '', { startTime: bite.startTime, duration: bite.duration })),
    // Item people replace the channel's, so an episode lists them only when they differ.
    'podcast:person': episode.persons?.map(person),
    'podcast:location': episode.locations.map(location),
    'podcast:season': episode.season,
    'podcast:episode': episode.episode,
    'podcast:license': episode.license === undefined ? undefined : textWithAttributes(episode.license.name, { url: episode.license.url }),
    'podcast:alternateEnclosure': episode.alternateEnclosures.map(alternateEnclosure),
    'podcast:value': episode.value.map(value),
    'podcast:txt': episode.txt.map(txt),
    'podcast:socialInteract': episode.socialInteract.map(socialInteract),
    'podcast:chat': episode.chat === undefined ? undefined : attributes({ server: episode.chat.server, protocol: episode.chat.protocol, accountId: episode.chat.accountId, space: episode.chat.space }),
    'podcast:contentLink': episode.contentLinks.map((link) => textWithAttributes(link.label, { href: link.url })),
    'podcast:image': episode.image === undefined ? undefined : image(episode.image, `Artwork of ${episode.title}`)
  }
}

function person (who: PodcastPerson): XmlElement {
  // role and group always written: apps that assume the defaults and apps that read them agree.
  return textWithAttributes(who.name, { role: who.role, group: who.group, img: who.img, href: who.href })
}

function location (where: Location): XmlElement {
  return textWithAttributes(where.name, { rel: where.rel, geo: where.geo, osm: where.osm, country: where.country })
}

function image (picture: Image, alt: string): XmlElement {
  // An aspect ratio only where the file's size is known; the namespace assumes square otherwise.
  const ratio = picture.width !== undefined && picture.height !== undefined ? aspectRatio(picture.width, picture.height) : undefined
  return attributes({ href: picture.url, alt, 'aspect-ratio': ratio, width: picture.width, height: picture.height, type: picture.type, purpose: 'artwork' })
}

function aspectRatio (width: number, height: number): string {
  const divisor = greatestCommonDivisor(width, height)
  return `${width / divisor}/${height / divisor}`
}

function greatestCommonDivisor (a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b)
}

function remoteItem (item: RemoteItem): XmlElement {
  return attributes({ feedGuid: item.feedGuid, feedUrl: item.feedUrl, itemGuid: item.itemGuid, medium: item.medium, title: item.title })
}

function value (block: ValueBlock): XmlElement {
  return {
    $: { type: block.type, method: block.method, suggested: block.suggested },
    'podcast:valueRecipient': block.recipients.map(valueRecipient),
    'podcast:valueTimeSplit': block.timeSplits.map((split) => ({
      $: { startTime: split.startTime, duration: split.duration, remoteStartTime: split.remoteStartTime, remotePercentage: split.remotePercentage },
      'podcast:valueRecipient': split.recipients.map(valueRecipient),
      'podcast:remoteItem': split.remoteItem === undefined ? undefined : remoteItem(split.remoteItem)
    }))
  }
}

function valueRecipient (recipient: ValueRecipient): XmlElement {
  return attributes({
    name: recipient.name,
    type: recipient.type,
    address: recipient.address,
    split: recipient.split,
    fee: recipient.fee ? 'true' : undefined,
    customKey: recipient.customKey,
    customValue: recipient.customValue
  })
}

function txt (entry: Txt): XmlElement {
  return textWithAttributes(entry.text, { purpose: entry.purpose })
}

function socialInteract (entry: SocialInteract): XmlElement {
  return attributes({ priority: entry.priority, protocol: entry.protocol, uri: entry.uri, accountId: entry.accountId, accountUrl: entry.accountUrl })
}

function alternateEnclosure (enclosure: AlternateEnclosure): XmlElement {
  return {
    $: {
      type: enclosure.type,
      length: enclosure.length,
      bitrate: enclosure.bitrate,
      height: enclosure.height,
      lang: enclosure.lang,
      title: enclosure.title,
      rel: enclosure.rel,
      codecs: enclosure.codecs,
      default: enclosure.default ? 'true' : undefined
    },
    'podcast:source': enclosure.sources.map((source) => attributes({ uri: source.uri, contentType: source.contentType })),
    'podcast:integrity': enclosure.integrity === undefined ? undefined : attributes({ type: enclosure.integrity.type, value: enclosure.integrity.value })
  }
}
