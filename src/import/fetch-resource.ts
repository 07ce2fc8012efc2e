import { createWriteStream } from 'node:fs'
import { rename, rm, stat } from 'node:fs/promises'
import { STATUS_CODES } from 'node:http'
import { once } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { request, type Dispatcher } from 'undici'
import { ImportError } from '../errors.ts'

/** How every request of an import behaves; tests pass a dispatcher and a `wait` that does not sleep. */
export interface NetworkOptions {
  /** undici dispatcher: a MockAgent, or an Agent with a short keep-alive, in tests. */
  readonly dispatcher?: Dispatcher
  /** Longest wait for the response headers, and between two chunks of the body. */
  readonly timeoutMs?: number
  /** Largest document accepted (feeds; media downloads have no limit but their declared length). */
  readonly maxBytes?: number
  /** Tries per request, the first included. */
  readonly attempts?: number
  /** Wait before the second try; it doubles for each further one. */
  readonly firstRetryDelayMs?: number
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  readonly maxRetryAfterMs?: number
  /** How to wait between tries (a test records the delays instead of sleeping). */
  readonly wait?: (ms: number) => Promise<void>
}

/** A fetched document and where it really came from after redirects. */
export interface FetchedDocument {
  readonly url: string
  readonly bytes: Buffer
  readonly contentType?: string
  /** Set when a permanent redirect (301, 308) was followed: the address to use from now on. */
  readonly movedPermanentlyTo?: string
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024
const MAX_REDIRECTS = 5

/** GETs a feed: redirects, timeouts, the size limit and retries as in {@link NetworkOptions}. */
export async function fetchDocument (url: string, options: NetworkOptions = {}): Promise<FetchedDocument> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  return await withRetries('GET', url, options, async () => {
    const { response, url: finalUrl, movedPermanentlyTo } = await requestFollowingRedirects('GET', url, {}, options)
    if (response.statusCode !== 200) throw await statusError('GET', finalUrl, response)
    const declared = Number(response.headers['content-length'])
    if (declared > maxBytes) {
      response.body.destroy()
      throw tooLarge(finalUrl, maxBytes)
    }
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of response.body) {
      size += (chunk as Buffer).length
      if (size > maxBytes) {
        response.body.destroy()
        throw tooLarge(finalUrl, maxBytes)
      }
      chunks.push(chunk as Buffer)
    }
    return { url: finalUrl, bytes: Buffer.concat(chunks), contentType: headerOf(response, 'content-type'), movedPermanentlyTo }
  })
}

/** What a HEAD request says about a remote file. */
export interface RemoteFileFacts {
  readonly url: string
  readonly length?: number
  readonly type?: string
}

/** Asks for a file's length and type without downloading it (HEAD; a server that refuses HEAD gets a one-byte range GET). */
export async function checkRemoteFile (url: string, options: NetworkOptions = {}): Promise<RemoteFileFacts> {
  return await withRetries('HEAD', url, options, async () => {
    const head = await requestFollowingRedirects('HEAD', url, {}, options)
    await head.response.body.dump()
    if (head.response.statusCode === 200) {
      const length = Number(head.response.headers['content-length'])
      return { url: head.url, length: Number.isSafeInteger(length) && length > 0 ? length : undefined, type: mediaTypeOf(head.response) }
    }
    if (head.response.statusCode !== 405 && head.response.statusCode !== 501) throw await statusError('HEAD', head.url, head.response)
    const ranged = await requestFollowingRedirects('GET', url, { range: 'bytes=0-0' }, options)
    await ranged.response.body.dump()
    if (ranged.response.statusCode !== 206 && ranged.response.statusCode !== 200) throw await statusError('GET', ranged.url, ranged.response)
    const total = ranged.response.statusCode === 206 ? totalOfContentRange(headerOf(ranged.response, 'content-range')) : Number(ranged.response.headers['content-length'])
    return { url: ranged.url, length: total, type: mediaTypeOf(ranged.response) }
  })
}

/** The result of a finished download. */
export interface Downloaded {
  readonly length: number
  readonly type?: string
}

/**
 * Downloads `url` into `target`, through `target.part` so that an interrupted download is resumed
 * with a Range request (and If-Range, so a changed file starts over) instead of starting again.
 * Done only when the bytes on disk are as many as the server declared: a connection dropped
 * mid-body or a wrong Content-Length is retried from where it stopped, then reported.
 */
export async function downloadFile (url: string, target: string, options: NetworkOptions & { onProgress?: (received: number, total: number | undefined) => void } = {}): Promise<Downloaded> {
  const part = `${target}.part`
  let validator: string | undefined
  return await withRetries('GET', url, options, async () => {
    const have = await sizeOf(part)
    const headers: Record<string, string> = have > 0 ? { range: `bytes=${have}-`, ...(validator === undefined ? {} : { 'if-range': validator }) } : {}
    const { response, url: finalUrl } = await requestFollowingRedirects('GET', url, headers, options)
    if (response.statusCode === 416 && have > 0) {
      // The part file is longer than the file now is: it changed; start again.
      await response.body.dump()
      await rm(part, { force: true })
      throw new RetryNow(`GET ${finalUrl}: the file changed since the download began; starting again`)
    }
    if (response.statusCode !== 200 && response.statusCode !== 206) throw await statusError('GET', finalUrl, response)
    const resumed = response.statusCode === 206
    const start = resumed ? startOfContentRange(headerOf(response, 'content-range')) : 0
    if (resumed && start !== have) {
      await response.body.dump()
      await rm(part, { force: true })
      throw new RetryNow(`GET ${finalUrl}: the server resumed at byte ${String(start)} instead of ${have}; starting again`)
    }
    const total = resumed ? totalOfContentRange(headerOf(response, 'content-range')) : optionalNumber(response.headers['content-length'])
    validator = headerOf(response, 'etag') ?? headerOf(response, 'last-modified')
    let received = start ?? 0
    options.onProgress?.(received, total)
    const file = createWriteStream(part, { flags: resumed ? 'a' : 'w' })
    try {
      for await (const chunk of response.body) {
        received += (chunk as Buffer).length
        options.onProgress?.(received, total)
        if (!file.write(chunk)) await once(file, 'drain')
      }
    } finally {
      // Ended, not destroyed, even when the connection drops: every byte received reaches the
      // part file, so the next try resumes exactly where this one stopped.
      await new Promise<void>((resolve, reject) => file.end((error?: Error | null) => { if (error === undefined || error === null) resolve(); else reject(error) }))
    }
    const length = await sizeOf(part)
    if (total !== undefined && length !== total) {
      throw new RetryNow(`GET ${finalUrl}: the server declared ${total} bytes but sent ${length}`, 'FEEDWRIGHT_IMPORT_LENGTH')
    }
    await rename(part, target)
    return { length, type: mediaTypeOf(response) }
  })
}

/** A failure worth trying again at once (after the usual backoff), with the message to give if it keeps happening. */
class RetryNow extends ImportError {
  constructor (message: string, code: ImportError['code'] = 'FEEDWRIGHT_IMPORT_NETWORK') {
    super(message, code)
  }
}

interface Followed {
  readonly response: Dispatcher.ResponseData
  readonly url: string
  readonly movedPermanentlyTo?: string
}

// Redirects are followed here rather than by an interceptor, so the error can say where a
// chain went and a permanent move can be reported to the user.
async function requestFollowingRedirects (method: 'GET' | 'HEAD', url: string, headers: Record<string, string>, options: NetworkOptions): Promise<Followed> {
  const seen = new Set<string>()
  let current = url
  let permanent: string | undefined
  let allPermanent = true
  for (let redirects = 0; ; redirects++) {
    seen.add(current)
    const response = await request(current, {
      method,
      headers: { 'user-agent': 'feedwright-import', accept: 'application/feed+json, application/atom+xml, application/rss+xml, application/xml;q=0.9, */*;q=0.8', ...headers },
      dispatcher: options.dispatcher,
      headersTimeout: options.timeoutMs ?? 30_000,
      bodyTimeout: options.timeoutMs ?? 30_000
    })
    const location = headerOf(response, 'location')
    if (![301, 302, 303, 307, 308].includes(response.statusCode) || location === undefined) {
      return { response, url: current, movedPermanentlyTo: allPermanent && permanent !== undefined ? permanent : undefined }
    }
    await response.body.dump()
    const next = new URL(location, current).href
    if (seen.has(next)) throw new ImportError(`${method} ${url}: redirect loop (${[...seen, next].join(' → ')})`, 'FEEDWRIGHT_IMPORT_HTTP', response.statusCode)
    if (redirects === MAX_REDIRECTS) throw new ImportError(`${method} ${url}: more than ${MAX_REDIRECTS} redirects (last to ${next})`, 'FEEDWRIGHT_IMPORT_HTTP', response.statusCode)
    if (!/^https?:$/.test(new URL(next).protocol)) throw new ImportError(`${method} ${url}: redirected to ${next}, which is not http or https`, 'FEEDWRIGHT_IMPORT_HTTP', response.statusCode)
    allPermanent &&= response.statusCode === 301 || response.statusCode === 308
    permanent = next
    current = next
  }
}

class RetryableStatus extends ImportError {
  constructor (message: string, status: number, readonly retryAfterMs: number | undefined) {
    super(message, 'FEEDWRIGHT_IMPORT_HTTP', status)
  }
}

async function statusError (method: string, url: string, response: Dispatcher.ResponseData): Promise<ImportError> {
  await response.body.dump()
  const status = response.statusCode
  const message = `${method} ${url} failed with status ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd()
  if (status >= 500 || status === 429) return new RetryableStatus(message, status, retryAfterMs(headerOf(response, 'retry-after')))
  return new ImportError(message, 'FEEDWRIGHT_IMPORT_HTTP', status)
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3), in milliseconds from now. */
function retryAfterMs (value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

const NOT_RETRIED = new Set(['ENOTFOUND', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_INVALID_URL', 'UND_ERR_INVALID_ARG'])

async function withRetries<T> (method: string, url: string, options: NetworkOptions, attempt: () => Promise<T>): Promise<T> {
  const { attempts = 4, firstRetryDelayMs = 1000, maxRetryAfterMs = 120_000, wait = async (ms: number) => { await sleep(ms) } } = options
  for (let tries = 1; ; tries++) {
    let failure: ImportError
    let delay = firstRetryDelayMs * 2 ** (tries - 1)
    try {
      return await attempt()
    } catch (error) {
      if (error instanceof RetryableStatus) {
        failure = error
        if (error.retryAfterMs !== undefined) {
          if (error.retryAfterMs > maxRetryAfterMs) throw new ImportError(`${error.message}, and asks to wait ${Math.round(error.retryAfterMs / 1000)} s before trying again`, 'FEEDWRIGHT_IMPORT_HTTP', error.status)
          delay = error.retryAfterMs
        }
      } else if (error instanceof RetryNow) {
        failure = error
      } else if (error instanceof ImportError) {
        throw error
      } else {
        failure = networkError(method, url, error as Error)
        if (NOT_RETRIED.has(errorCode(error as Error) ?? '')) throw failure
      }
    }
    if (tries >= attempts) throw new ImportError(`${failure.message} (after ${tries} tries)`, failure.code, failure.status)
    await wait(delay)
  }
}

function errorCode (error: Error): string | undefined {
  const own = (error as NodeJS.ErrnoException).code
  const cause = (error.cause as NodeJS.ErrnoException | undefined)?.code
  return cause ?? own
}

// One line a person can act on, for each way a connection fails.
function networkError (method: string, url: string, error: Error): ImportError {
  const code = errorCode(error) ?? error.name
  const host = URL.canParse(url) ? new URL(url).host : url
  let reason: string
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') reason = `cannot find the host ${host} (DNS: ${code})`
  else if (code === 'ECONNREFUSED') reason = `${host} refused the connection`
  else if (/CERT|TLS|SSL/.test(code)) reason = `the TLS connection to ${host} failed: ${code} (${(error.cause as Error | undefined)?.message ?? error.message})`
  else if (/TIMEOUT/i.test(code)) reason = `no answer from ${host} in time (${code})`
  else reason = `the connection to ${host} failed: ${error.message} (${code})`
  return new ImportError(`${method} ${url}: ${reason}`, 'FEEDWRIGHT_IMPORT_NETWORK')
}

function tooLarge (url: string, maxBytes: number): ImportError {
  return new ImportError(`GET ${url}: the document is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit; is this really a feed?`, 'FEEDWRIGHT_IMPORT_TOO_LARGE')
}

function headerOf (response: Dispatcher.ResponseData, name: string): string | undefined {
  const value = response.headers[name]
  return Array.isArray(value) ? value[0] : value
}

function mediaTypeOf (response: Dispatcher.ResponseData): string | undefined {
  return headerOf(response, 'content-type')?.split(';')[0]?.trim().toLowerCase() || undefined
}

function optionalNumber (value: string | string[] | undefined): number | undefined {
  const number = Number(Array.isArray(value) ? value[0] : value)
  return value === undefined || !Number.isSafeInteger(number) ? undefined : number
}

function startOfContentRange (value: string | undefined): number | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(value ?? '')
  return match === null ? undefined : Number(match[1])
}

function totalOfContentRange (value: string | undefined): number | undefined {
  const match = /^bytes (?:\d+-\d+|\*)\/(\d+)$/.exec(value ?? '')
  return match === null ? undefined : Number(match[1])
}

async function sizeOf (file: string): Promise<number> {
  return await stat(file).then((stats) => stats.size, () => 0)
}
