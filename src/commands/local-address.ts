const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** The base URL of `serve --local`: this server's own address, as the browser on this machine reaches it. */
export function localBaseUrl (host: string, port: number): string {
  const name = LOOPBACK.has(host) ? (host === '::1' ? '[::1]' : host) : 'localhost'
  return `http://${name}:${port}/`
}

/**
 * A warning when the base URL names this machine but another port than the server listens on
 * (`npm start -- --port 4102` with a base URL of port 3000): every link in the feeds and pages
 * would point at a port nothing answers on.
 */
export function describeLocalMismatch (baseUrl: string | undefined, host: string, port: number): string | undefined {
  if (baseUrl === undefined || port === 0) return undefined
  const url = new URL(baseUrl)
  if (!LOOPBACK.has(url.hostname) || !(LOOPBACK.has(host) || host === '0.0.0.0' || host === '::')) return undefined
  const urlPort = Number(url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : url.port)
  if (urlPort === port) return undefined
  return `warning: --base-url ${baseUrl} names port ${urlPort}, but the server listens on port ${port}: every link in the feeds and pages points at port ${urlPort}. Give --base-url ${localBaseUrl(url.hostname, port)}, or --local to build every URL from the port it listens on.`
}
