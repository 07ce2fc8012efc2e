import type { Episode } from '../model/publication.ts'
import { escapeHtml } from '../model/text.ts'

export interface PlatformLink {
  readonly platform: 'YouTube' | 'Spotify'
  /** What a listener is invited to do there. */
  readonly label: string
  readonly url: string
}

/** The episode's video and streaming pages: linked from every feed, never used as the enclosure. */
export function episodePlatformLinks (episode: Episode | undefined): PlatformLink[] {
  const links: PlatformLink[] = []
  if (episode?.youtube !== undefined) links.push({ platform: 'YouTube', label: 'Watch on YouTube', url: episode.youtube })
  if (episode?.spotify !== undefined) links.push({ platform: 'Spotify', label: 'Listen on Spotify', url: episode.spotify })
  return links
}

/** HTML appended to an item's content so readers of any feed can watch or stream the episode. */
export function episodeLinksHtml (episode: Episode | undefined): string {
  const links = episodePlatformLinks(episode)
  if (links.length === 0) return ''
  return `\n<p>${links.map((link) => `<a href="${escapeHtml(link.url)}">${link.label}</a>`).join(' · ')}</p>`
}
