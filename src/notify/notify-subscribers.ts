import { setTimeout as sleep } from 'node:timers/promises'
import { request, type Dispatcher } from 'undici'
import type { Logger } from '../logger.ts'

export interface NotifyOptions {
  /** WebSub hubs: each gets `hub.mode=publish` and `hub.url=<feed URL>`, form-encoded (WebSub §7 publishing, as hubs implement it). */
  readonly hubs: readonly string[]
  /** Ping URL templates: `{url}` is replaced by the percent-encoded feed URL and the result fetched with GET. */
  readonly pings: readonly string[]
  readonly log: Logger
  /** undici dispatcher: tests pass a MockAgent or a short keep-alive Agent. */
  readonly dispatcher?: Dispatcher
  /** Tries per notification, the first included. */
  readonly attempts?: number
  /** Wait before the second try; it doubles for each further one. */
  readonly firstRetryDelayMs?: number
  /** Longest wait for one try's response, so a hub that never answers cannot hold a notification forever. */
  readonly timeoutMs?: number
}

/** How one notification ended, after its retries. */
export interface NotifyResult {
  readonly target: string
  readonly feedUrl: string
  readonly ok: boolean
  readonly attempts: number
  readonly status?: number
}

/**
 * Tells every hub and ping service that these feeds changed. Each notification is retried with
 * exponential backoff on a network error, a timeout, a 5xx or a 429; every failed try is logged
 * with the target, the status and the attempt. Never throws: a hub being down is not our failure.
 */
export async function notifySubscribers (feedUrls: readonly string[], options: NotifyOptions): Promise<NotifyResult[]> {
  const notifications = feedUrls.flatMap((feedUrl) => [
    ...options.hubs.map((hub) => ({ target: hub, feedUrl, send: async (signal: AbortSignal) => await postToHub(hub, feedUrl, signal, options.dispatcher) })),
    ...options.pings.map((ping) => {
      const url = ping.replaceAll('{url}', encodeURIComponent(feedUrl))
      return { target: url, feedUrl, send: async (signal: AbortSignal) => await getPing(url, signal, options.dispatcher) }
    })
  ])
  return await Promise.all(notifications.map(async (notification) => await withRetries(notification, options)))
}

async function postToHub (hub: string, feedUrl: string, signal: AbortSignal, dispatcher?: Dispatcher): Promise<number> {
  const response = await request(hub, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'hub.mode': 'publish', 'hub.url': feedUrl }).toString(),
    signal,
    dispatcher
  })
  await response.body.dump()
  return response.statusCode
}

async function getPing (url: string, signal: AbortSignal, dispatcher?: Dispatcher): Promise<number> {
  const response = await request(url, { method: 'GET', signal, dispatcher })
  await response.body.dump()
  return response.statusCode
}

interface Notification {
  readonly target: string
  readonly feedUrl: string
  send (signal: AbortSignal): Promise<number>
}

async function withRetries (notification: Notification, options: NotifyOptions): Promise<NotifyResult> {
  const { attempts = 4, firstRetryDelayMs = 1000, timeoutMs = 10_000, log } = options
  const { target, feedUrl } = notification
  let status: number | undefined
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let error: Error | undefined
    status = undefined
    try {
      status = await notification.send(AbortSignal.timeout(timeoutMs))
    } catch (caught) {
      error = caught as Error
    }
    if (status !== undefined && status >= 200 && status < 300) {
      log.info({ target, feedUrl, status, attempt }, 'notified')
      return { target, feedUrl, ok: true, attempts: attempt, status }
    }
    const retryable = status === undefined || status >= 500 || status === 429
    const last = attempt === attempts || !retryable
    const details = { target, feedUrl, status, attempt, error: error?.message }
    if (last) {
      log.error(details, retryable ? 'notification failed; giving up' : 'notification refused; not retrying')
      return { target, feedUrl, ok: false, attempts: attempt, status }
    }
    log.warn(details, 'notification failed; retrying')
    await sleep(firstRetryDelayMs * 2 ** (attempt - 1))
  }
  return { target, feedUrl, ok: false, attempts, status }
}
