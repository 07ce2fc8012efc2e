import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fresh from 'fresh'
import type { Representation } from '../publish/encode.ts'
import type { PublishedFile } from '../publish/publish.ts'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { chooseEncoding } from './choose-encoding.ts'
import { CACHE_CONTROL, linkHeader } from './http-headers.ts'
import { replyNotFound } from './problems.ts'
import { pathOf } from './request-path.ts'
import { sendBody } from './send-body.ts'

/** Serves the feeds and pages of the current snapshot: prepared bytes, chosen per request, never rendered. */
export function registerPublishedRoutes (app: FastifyInstance, store: SnapshotStore): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    // A plain (not async) handler: this is the hot path of every poll, and it never waits.
    handler: (request, reply) => {
      const { published } = store.current()
      const path = pathOf(request.url)
      const file = published.files.get(path) ?? published.files.get(withoutIndexHtml(path))
      if (file !== undefined) return sendPublished(request, reply, file, published.summary.hubs)
      // A page's address without its final slash is redirected, as every static host does, so
      // links written by hand keep working and the server and a static build agree.
      if (published.files.get(`${path}/`)?.kind === 'page') return reply.code(301).header('location', `${path}/${request.url.slice(path.length)}`).header('cache-control', CACHE_CONTROL.page).send()
      return replyNotFound(request, reply, published)
    }
  })
}

// `build` writes pages as NAME/index.html, so that address names the page too.
function withoutIndexHtml (path: string): string {
  return path.endsWith('/index.html') ? path.slice(0, -'index.html'.length) : path
}

function sendPublished (request: FastifyRequest, reply: FastifyReply, file: PublishedFile, hubs: readonly string[]): FastifyReply | Promise<FastifyReply> {
  const encoding = chooseEncoding(request.headers)
  if (file.preview !== undefined && isBrowserOpeningPage(request)) return sendPreview(request, reply, file.preview[encoding])
  const representation = file.representations[encoding]
  const headers = headersOf(file, representation, hubs)
  // `fresh` implements RFC 9110 §13.2.2: If-None-Match (lists, *, weak comparison) wins over If-Modified-Since.
  if (fresh(request.headers, headers.notModified)) return reply.code(304).headers(headers.notModified).send()
  return sendBody(request, reply.headers(headers.ok), representation)
}

/**
 * A person who opens a feed's URL sees a page about it instead of raw XML. Browsers say they are
 * navigating to a page (Sec-Fetch-Dest: document) and want HTML; feed readers, podcast apps and
 * scripts never send both. No XSLT: browsers are removing it.
 */
function isBrowserOpeningPage (request: FastifyRequest): boolean {
  return request.headers['sec-fetch-dest'] === 'document' && (request.headers.accept ?? '').includes('text/html')
}

// The page is never stored by a shared cache (private, no-store): a CDN that ignores Vary can
// then only ever cache the feed itself, so every feed reader keeps getting the exact feed bytes,
// and at worst a browser behind such a CDN sees the raw feed.
function sendPreview (request: FastifyRequest, reply: FastifyReply, representation: Representation): FastifyReply | Promise<FastifyReply> {
  const headers: Record<string, string> = {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'private, no-store',
    vary: VARY,
    'x-content-type-options': 'nosniff',
    'content-length': String(representation.length)
  }
  if (representation.encoding !== 'identity') headers['content-encoding'] = representation.encoding
  return sendBody(request, reply.headers(headers), representation)
}

// Sec-Fetch-Dest picks the preview over the feed, so caches that honour Vary key on it too.
const VARY = 'Accept-Encoding, Sec-Fetch-Dest'

interface ResponseHeaders {
  /** A 304 carries the validators, Cache-Control and Vary of the 200 (RFC 9110 §15.4.5), not its body headers. */
  readonly notModified: Readonly<Record<string, string>>
  readonly ok: Readonly<Record<string, string>>
}

// Headers depend only on the file and its encoding, so each set is built once, on its first
// request, and dropped with the snapshot: a request only copies them.
const headerCache = new WeakMap<Representation, ResponseHeaders>()

function headersOf (file: PublishedFile, representation: Representation, hubs: readonly string[]): ResponseHeaders {
  const cached = headerCache.get(representation)
  if (cached !== undefined) return cached
  const notModified: Record<string, string> = {
    etag: representation.etag,
    'last-modified': file.lastModified.toUTCString(),
    'cache-control': file.settled ? CACHE_CONTROL.settled : file.kind === 'feed' ? CACHE_CONTROL.feed : CACHE_CONTROL.page,
    vary: file.preview === undefined ? 'Accept-Encoding' : VARY,
    'x-content-type-options': 'nosniff'
  }
  if (file.kind === 'feed') {
    // Web feed readers fetch from other origins; the Link header names the canonical feed URL.
    notModified['access-control-allow-origin'] = '*'
    notModified['access-control-expose-headers'] = 'ETag, Last-Modified, Link'
    notModified.link = linkHeader([
      { url: file.url, rel: 'self', type: file.type.split(';')[0]! },
      // WebSub §4: hubs and self in HTTP Link headers let subscribers discover them without parsing.
      ...(file.announce ? hubs : []).map((hub) => ({ url: hub, rel: 'hub' }))
    ])
  }
  const ok: Record<string, string> = { 'content-type': file.type, ...notModified, 'content-length': String(representation.length) }
  if (representation.encoding !== 'identity') ok['content-encoding'] = representation.encoding
  const headers = { notModified, ok }
  headerCache.set(representation, headers)
  return headers
}
