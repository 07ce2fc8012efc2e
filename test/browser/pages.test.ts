import { existsSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import t from 'tap'
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import { Agent, fetch } from 'undici'
import type { PublicationOptions } from '../../src/content/load-publication.ts'
import { loadSnapshot } from '../../src/live/load-snapshot.ts'
import type { Publication } from '../../src/model/publication.ts'
import { createSnapshotStore } from '../../src/publish/snapshot.ts'
import { buildApp } from '../../src/server/app.ts'
import { copyPublication, makeTempDir, publicationDirs, ROOT, type TestWithTeardown } from '../helpers.ts'

/**
 * The pages as a reader's browser sees them: Debian's Chromium, driven by puppeteer-core (which
 * downloads no browser), against `serve` on the sample and on a generated publication with
 * archive pages, tags and a bonus episode. Screenshots go to SCREENSHOTS for a person to look at.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOTS = process.env.FEEDWRIGHT_SCREENSHOTS ?? path.join(ROOT, 'screenshots')
const WIDTHS = [390, 1280] as const
const SCHEMES = ['light', 'dark'] as const
const TAGS = ['alignment', 'interpretability', 'policy', 'Künstliche Intelligenz']
const AXE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

if (!existsSync(CHROMIUM)) {
  t.plan(0, `Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH to run the browser checks`)
} else {
  // Dozens of pages, each checked at two widths in two colour schemes, on a shared 2-core machine.
  t.setTimeout(240_000)
  await runBrowserChecks()
}

interface Site {
  readonly name: string
  readonly origin: string
  readonly publication: Publication
  /** The pages to look at closely: axe, console, screenshots. */
  readonly pages: ReadonlyArray<{ readonly name: string, readonly path: string }>
}

async function runBrowserChecks (): Promise<void> {
  const [browser, sample, generated] = await Promise.all([
    launchBrowser(t),
    serveSite(t, 'sample', publicationDirs('sample'), (publication) => [
      { name: 'home', path: '/' },
      { name: 'issue', path: pathOf(publication, publication.issues[0]!.url) },
      { name: '404', path: '/no/such/page' },
      { name: 'feed-explainer-rss', path: '/feed.xml' },
      { name: 'feed-explainer-podcast', path: '/podcast.xml' }
    ]),
    generatePublication(t).then(async (dirs) => await serveSite(t, 'generated', dirs, (publication) => [
      { name: 'home', path: '/' },
      { name: 'issue', path: pathOf(publication, publication.issues.find((issue) => issue.episode !== undefined)!.url) },
      { name: 'episode', path: pathOf(publication, publication.episodes.find((episode) => episode.issueSlug === undefined)!.url) },
      { name: 'tag', path: '/tags/alignment/' },
      { name: 'archive', path: '/archive/1/' }
    ]))
  ])
  t.teardown(async () => await browser.close())
  await mkdir(SCREENSHOTS, { recursive: true })
  t.comment(`screenshots: ${SCREENSHOTS}`)
  const agent = new Agent({ keepAliveTimeout: 10, keepAliveMaxTimeout: 10 })
  t.teardown(async () => await agent.close())

  for (const site of [sample, generated]) {
    await t.test(`${site.name}: every page is accessible, error-free and self-contained at phone and desktop widths, light and dark`, async (t) => {
      const links = new Set<string>()
      for (const { name, path: pagePath } of site.pages) {
        for (const width of WIDTHS) {
          const seen = await visit(browser, site, pagePath, width)
          for (const scheme of SCHEMES) {
            await seen.page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }])
            const violations = await axeViolations(seen.page)
            t.same(violations, [], `${name} at ${width} px, ${scheme}: no axe violations`)
            await seen.page.screenshot({ path: path.join(SCREENSHOTS, `${site.name}-${name}-${width}-${scheme}.png`), fullPage: true })
          }
          for (const href of await seen.page.$$eval('a[href]', (anchors) => anchors.map((anchor) => (anchor as HTMLAnchorElement).href))) links.add(href)
          await seen.page.close()
          // The 404 page's own status is the one error a browser reports there, and it is the point.
          const errors = seen.errors.filter((error) => !(name === '404' && error.includes('404 (Not Found)')))
          t.same(errors, [], `${name} at ${width} px: no console errors`)
          t.same(seen.otherOrigins, [], `${name} at ${width} px: no request to another origin`)
        }
      }
      for (const href of await crawl(site, agent)) links.add(href)
      const failures: string[] = []
      for (const href of [...links].sort()) {
        const url = new URL(href)
        if (url.origin !== site.origin) {
          if (!['https:', 'http:'].includes(url.protocol) || url.hostname === '' || /\s/.test(href)) failures.push(`${href}: not a well-formed web address`)
          continue
        }
        const response = await fetch(url.href.replace(/#.*$/, ''), { dispatcher: agent })
        await response.arrayBuffer()
        if (response.status !== 200) failures.push(`${href}: ${response.status}`)
      }
      t.same(failures, [], `${links.size} links, every one on the site answering 200 and every other well formed`)
    })
  }

  await t.test('the audio player loads the episode and reports its duration', async (t) => {
    for (const site of [sample, generated]) {
      const issue = site.publication.issues.find((each) => each.episode !== undefined)!
      const { page } = await visit(browser, site, pathOf(site.publication, issue.url), 1280)
      // preload="none" keeps a page view from fetching audio; a listener pressing play loads it, as this does.
      const duration = await page.$eval('audio', async (audio) => await new Promise<number>((resolve, reject) => {
        const element = audio as HTMLAudioElement
        element.addEventListener('loadedmetadata', () => resolve(element.duration), { once: true })
        element.addEventListener('error', () => reject(new Error(`audio error ${element.error?.code ?? ''}`)), { once: true })
        element.preload = 'metadata'
        element.load()
      }))
      t.ok(Math.abs(duration - issue.episode!.audio.durationSeconds!) < 1, `${site.name}: ${duration.toFixed(1)} s, as the feed says (${issue.episode!.audio.durationSeconds} s)`)
      await page.close()
    }
  })

  await t.test('the copy buttons put the feed address on the clipboard', async (t) => {
    for (const [pagePath, button, expected] of [
      ['/', 'podcast-feed', '/podcast.xml'],
      ['/', 'rss-feed', '/feed.xml'],
      ['/atom.xml', 'feed-address', '/atom.xml']
    ] as const) {
      const context = await browser.createBrowserContext()
      await context.overridePermissions(sample.origin, ['clipboard-read', 'clipboard-write', 'clipboard-sanitized-write'])
      const page = await context.newPage()
      await page.goto(`${sample.origin}${pagePath}`)
      await page.bringToFront()
      const selector = `button[data-copy="${button}"]`
      t.equal(await page.$eval(selector, (element) => (element as HTMLButtonElement).hidden), false, `${pagePath} ${button}: shown where the clipboard is available`)
      await page.click(selector)
      await page.waitForFunction((id: string) => document.getElementById(id)?.parentElement?.querySelector('[role="status"]')?.textContent !== '', {}, button)
      t.equal(await page.evaluate(async () => await navigator.clipboard.readText()), `${sample.origin}${expected}`, `${pagePath}: ${expected} copied`)
      t.equal(await page.$eval(`#${button} ~ [role="status"]`, (status) => status.textContent), 'Copied', 'and the reader is told')
      await context.close()
    }
  })
}

async function launchBrowser (t: TestWithTeardown): Promise<Browser> {
  return await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: await makeTempDir(t, 'chromium'),
    // Without the background-networking flags Chromium reaches out to Google's services, which a closed network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
  })
}

/** Serves a publication on a free local port with every URL built from that origin, so the site's own links and requests are same-origin. */
async function serveSite (t: TestWithTeardown, name: string, dirs: PublicationOptions, choose: (publication: Publication) => Site['pages']): Promise<Site> {
  const port = await findFreePort()
  const origin = `http://127.0.0.1:${port}`
  const { snapshot, loaded } = await loadSnapshot({ ...dirs, baseUrl: `${origin}/` }, { now: new Date() })
  const app = await buildApp({ store: createSnapshotStore(snapshot) })
  // Chromium keeps connections open until it exits; at the end nothing is in flight, so all go.
  t.teardown(async () => {
    app.server.closeAllConnections()
    await app.close()
  })
  await app.listen({ port, host: '127.0.0.1' })
  const { publication } = loaded
  return { name, origin, publication, pages: choose(publication) }
}

// Every URL in the pages is built from the base URL, so the port must be known before loading:
// the system picks a free one, which is released and taken again at once.
async function findFreePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise((resolve) => server.close(resolve))
  return port
}

interface Visit {
  readonly page: Page
  readonly errors: string[]
  readonly otherOrigins: string[]
}

async function visit (browser: Browser, site: Site, pagePath: string, width: number): Promise<Visit> {
  const page = await browser.newPage()
  const errors: string[] = []
  const otherOrigins: string[] = []
  page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()) })
  page.on('pageerror', (error) => { errors.push(String(error)) })
  page.on('request', (request) => { if (!request.url().startsWith(`${site.origin}/`) && !request.url().startsWith('data:')) otherOrigins.push(request.url()) })
  await page.setViewport({ width, height: 900 })
  await page.goto(`${site.origin}${pagePath}`, { waitUntil: 'load' })
  return { page, errors, otherOrigins }
}

// axe-core injected as text, so the check itself requests nothing.
async function axeViolations (page: Page): Promise<Array<{ id: string, impact: string, nodes: string[] }>> {
  if (await page.evaluate(() => !('axe' in window))) await page.addScriptTag({ content: AXE })
  return await page.evaluate(async () => {
    const results = await (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: Array<{ id: string, impact: string, nodes: Array<{ target: string[], failureSummary: string }> }> }> } }).axe.run(document)
    return results.violations.map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary}`) }))
  })
}

/** Every link on every HTML page reachable from the home page, as the server sends them. */
async function crawl (site: Site, agent: Agent): Promise<string[]> {
  const links = new Set<string>()
  const queue = [`${site.origin}/`]
  const visited = new Set<string>()
  while (queue.length > 0) {
    const url = queue.shift()!
    if (visited.has(url)) continue
    visited.add(url)
    const response = await fetch(url, { dispatcher: agent })
    const body = await response.text()
    if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) continue
    for (const [, href] of body.matchAll(/<a\b[^>]*\bhref="([^"]*)"/g)) {
      const absolute = new URL(href!.replace(/&amp;/g, '&').replace(/&quot;/g, '"'), url).href
      links.add(absolute)
      const target = new URL(absolute)
      target.hash = ''
      if (target.origin === site.origin && target.pathname.endsWith('/')) queue.push(target.href)
    }
  }
  return [...links]
}

function pathOf (publication: Publication, url: string): string {
  return `/${url.slice(publication.site.url.length)}`
}

/** The minimal fixture grown to 36 issues over two archive pages, four tags, episodes with three of them, and the show on Apple Podcasts. */
async function generatePublication (t: TestWithTeardown): Promise<PublicationOptions> {
  const dirs = await copyPublication(t, 'minimal')
  await appendFile(path.join(dirs.contentDir, 'site.yaml'), '\nfeed_size: 12\napple_podcasts: https://podcasts.apple.com/us/podcast/minimal-weekly/id1234567890\n')
  for (let n = 1; n <= 34; n++) {
    const date = new Date(Date.UTC(2023, 0, 2) + n * 7 * 86_400_000).toISOString()
    const tags = [TAGS[n % TAGS.length], TAGS[(n + 1) % TAGS.length]]
    await writeFile(path.join(dirs.contentDir, 'issues', `week-${n}.md`), [
      '---',
      `title: "Week ${n}: what changed in ${tags[0]}"`,
      `date: ${date}`,
      `summary: "Issue ${n} of the generated publication, about ${tags.join(' and ')}."`,
      `tags: [${tags.map((tag) => JSON.stringify(tag)).join(', ')}]`,
      '---',
      `This is week ${n}. It links to the [first issue](/issues/first/) and shows a picture:`,
      '',
      '![The show\'s artwork](/media/artwork.png)',
      '',
      '## A section',
      '',
      '- a list item with `code`',
      '- and a [link elsewhere](https://example.org/)',
      '',
      '> A quotation, for the style of block quotes.',
      ''
    ].join('\n'))
    if (n % 12 === 0) {
      await writeFile(path.join(dirs.contentDir, 'episodes', `week-${n}.md`), `---\nissue: week-${n}\naudio: tone.mp3\nepisode: ${n}\n---\n`)
    }
  }
  return dirs
}
