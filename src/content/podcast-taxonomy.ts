// Lists the Podcasting 2.0 namespace points to (podcastindex.org/namespace/1.0): the Podcast Taxonomy
// Project's people roles, and the service slugs of podcast:block and podcast:value. They are data, kept
// here so validation needs nothing outside the repository; update them when the namespace adds entries.

/** Roles of `podcast:person`, by group, in lower case (the namespace compares them case-insensitively). */
export const PERSON_ROLES: Readonly<Record<string, readonly string[]>> = {
  'creative direction': ['director', 'assistant director', 'executive producer', 'senior producer', 'producer', 'associate producer', 'development producer', 'creative director'],
  cast: ['host', 'co-host', 'guest host', 'guest', 'voice actor', 'narrator', 'announcer', 'reporter'],
  writing: ['author', 'editorial director', 'co-writer', 'writer', 'songwriter', 'guest writer', 'story editor', 'managing editor', 'script editor', 'script coordinator', 'researcher', 'editor', 'fact checker', 'translator', 'transcriber', 'logger'],
  'audio production': ['studio coordinator', 'technical director', 'technical manager', 'audio engineer', 'remote recording engineer', 'post production engineer'],
  'audio post-production': ['audio editor', 'sound designer', 'foley artist', 'composer', 'theme music', 'music production', 'music contributor'],
  administration: ['production coordinator', 'booking coordinator', 'production assistant', 'content manager', 'marketing manager', 'sales representative', 'sales manager'],
  visuals: ['graphic designer', 'cover art designer'],
  community: ['social media manager'],
  'misc.': ['consultant', 'intern'],
  'video production': ['camera operator', 'lighting designer', 'camera grip', 'assistant camera'],
  'video post-production': ['editor', 'assistant editor']
}

/** Service slugs: `podcast:block id=` names one of these platforms. */
export const SERVICE_SLUGS: readonly string[] = [
  'acast', 'amazon', 'anchor', 'apple', 'audible', 'audioboom', 'backtracks', 'bitcoin', 'blubrry',
  'buzzsprout', 'captivate', 'castos', 'castopod', 'facebook', 'fireside', 'fyyd', 'google', 'gpodder',
  'hypercatcher', 'kasts', 'libsyn', 'mastodon', 'megafono', 'megaphone', 'omnystudio', 'overcast', 'paypal',
  'pinecast', 'podbean', 'podcastaddict', 'podcastguru', 'podcastindex', 'podcasts', 'podchaser', 'podcloud',
  'podfriend', 'podiant', 'podigee', 'podnews', 'podomatic', 'podserve', 'podverse', 'redcircle', 'relay',
  'resonaterecordings', 'rss', 'shoutengine', 'simplecast', 'slack', 'soundcloud', 'spotify', 'spreaker',
  'tiktok', 'transistor', 'twitter', 'whooshkaa', 'youtube', 'zencast'
]

/** `podcast:medium` values a feed of episodes can have (the list mediums hold only remote items). */
export const MEDIUMS: readonly string[] = ['podcast', 'music', 'video', 'film', 'audiobook', 'newsletter', 'blog', 'course']
