/**
 * The limits every content file is held to, so that no file can make feedwright slow, exhaust its
 * memory or flood its messages. The README's "Limits" table lists each one with its reason: change
 * both together.
 */
export const LIMITS = {
  /**
   * Bytes in one issue or episode file: Gmail clips a newsletter at 102 KB of HTML, and Markdown
   * built to be slow (tables of thousands of rows) still renders in about a second at this size.
   */
  markdownFileBytes: 256 * 1024,
  /**
   * Characters of YAML: all of site.yaml, or the front matter of one issue or episode. Ten times
   * what a long one needs, and small enough that YAML built to be slow to parse (thousands of
   * duplicate keys, brackets nested thousands deep) still takes well under a second.
   */
  yamlBytes: 32 * 1024,
  /** The yaml package's maxAliasCount: how far aliases (`*name`) may expand a document. */
  yamlAliases: 50,
  /** YAML syntax errors reported per file: one mistake often causes many more. */
  yamlErrorsShown: 5,
  /** Levels of Markdown inside each other: blockquotes, lists, emphasis, links. */
  markdownNesting: 20,
  /** Items in one list field: tags, authors, hubs, pings. Every tag is a page and three feeds. */
  listItems: 30,
  /** Characters in a name-like text: titles, names, tags, GUIDs. */
  textCharacters: 500,
  /** Characters in a summary or description: Apple Podcasts' limit for descriptions. */
  longTextCharacters: 4000,
  /** Characters in a URL; many browsers, CDNs and podcast apps refuse longer ones. */
  urlCharacters: 2000,
  /** Bytes of an audio file read to learn its type and duration: its headers, never the whole file. */
  audioHeaderBytes: 16 * 1024 * 1024
} as const
