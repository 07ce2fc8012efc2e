import { FormatRegistry } from '@sinclair/typebox'
import { removeXmlForbiddenCharacters } from '../model/text.ts'

// C0 controls, space, DEL and C1 controls: the WHATWG parser silently drops some (tab, line
// feed), trims others and percent-encodes the rest, so a URL holding one is not what was written.
const NOT_IN_A_URL = /[^\u0021-\u007E\u00A0-\uFFFF]/

/**
 * Whether `value` is an absolute URL with one of `protocols`, as the WHATWG URL parser (Node,
 * browsers, most feed readers and podcast apps) reads it, and exactly as written.
 */
export function isAbsoluteUrl (value: string, protocols: readonly string[]): boolean {
  if (NOT_IN_A_URL.test(value) || !URL.canParse(value)) return false
  const url = new URL(value)
  return protocols.includes(url.protocol) && url.hostname !== ''
}

/** Schema formats for URL fields, checked by the same parser every client uses. */
export const URL_FORMATS = {
  https: 'https-url',
  web: 'web-url',
  ping: 'ping-url'
} as const

FormatRegistry.Set(URL_FORMATS.https, (value) => isAbsoluteUrl(value, ['https:']))
FormatRegistry.Set(URL_FORMATS.web, (value) => isAbsoluteUrl(value, ['http:', 'https:']))
// A ping template becomes a URL once the percent-encoded feed URL replaces {url}.
FormatRegistry.Set(URL_FORMATS.ping, (value) => value.includes('{url}') && isAbsoluteUrl(value.replaceAll('{url}', 'feed'), ['http:', 'https:']))

/**
 * Schema format for text that must show something: control characters are removed from every
 * output, so a title of only "\x01\x02", or of spaces, would be an empty title everywhere.
 */
export const VISIBLE_TEXT = 'visible-text'

FormatRegistry.Set(VISIBLE_TEXT, (value) => removeXmlForbiddenCharacters(value).trim() !== '')
