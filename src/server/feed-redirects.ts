import type { FastifyInstance } from 'fastify'
import type { SnapshotStore } from '../publish/snapshot.ts'
import { CACHE_CONTROL } from './http-headers.ts'
import { pathOf } from './request-path.ts'

/**
 * Answers the podcast feed's previous addresses (`previous_feed_urls` in site.yaml) with a permanent
 * redirect to the current feed. Podcast apps and directories follow a 301 and update the address
 * they poll, so subscribers move with the show; a published file at that path always wins.
 */
export function registerFeedRedirects (app: FastifyInstance, store: SnapshotStore): void {
  app.addHook('onRequest', (request, reply, done) => {
    const { published } = store.current()
    const { previousFeedPaths, podcastFeedUrl } = published.summary
    if (previousFeedPaths.length === 0 || podcastFeedUrl === undefined || (request.method !== 'GET' && request.method !== 'HEAD')) return done()
    const path = pathOf(request.url)
    if (!previousFeedPaths.includes(path) || published.files.has(path)) return done()
    reply.code(301).headers({ location: podcastFeedUrl, 'cache-control': CACHE_CONTROL.page, 'access-control-allow-origin': '*' }).send()
  })
}
