#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { describeLocalMismatch, localBaseUrl } from './commands/local-address.ts'
import { publicationOptions, type Output } from './commands/options.ts'
import { UsageError } from './errors.ts'
import { packageFile } from './package-files.ts'

const sharedOptions = {
  content: { type: 'string' },
  media: { type: 'string' },
  'base-url': { type: 'string' },
  cache: { type: 'string' },
  'no-cache': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options']

const sharedHelp = `
Options for every command:
  --content DIR    the publication's text: site.yaml, issues/, episodes/ (default: ./content, env FEEDWRIGHT_CONTENT)
  --media DIR      its audio, artwork, transcripts and chapters (default: ./media, env FEEDWRIGHT_MEDIA)
  --base-url URL   the public address it is served at, replacing url in site.yaml (env FEEDWRIGHT_BASE_URL)
  --cache DIR      where work is kept between runs, so a restart or a second build redoes only what changed
                   (default: .feedwright-cache beside the content folder, env FEEDWRIGHT_CACHE); safe to delete
  --no-cache       keep nothing between runs
  -h, --help       show this help`

interface Command {
  readonly summary: string
  readonly usage: string
  readonly options: ParseArgsConfig['options']
  /** Takes arguments besides its options (init DIR, new issue TITLE); others refuse any. */
  readonly positionals?: boolean
  run (values: Record<string, string | boolean | undefined>, output: Output, positionals: readonly string[]): Promise<number>
}

const commands: Record<string, Command> = {
  serve: {
    summary: 'serve the feeds, pages and media over HTTP, from memory',
    usage: `Usage: feedwright serve [options]

Validates and renders the publication, then serves it from memory: /feed.xml, /atom.xml,
/feed.json, /podcast.xml, the HTML pages at / and /issues/SLUG, the files under /media/, and
/health. Publishes again shortly after files change, and when a scheduled issue comes due; while
the files are invalid it keeps serving the last good version. Notifies the hubs and pings in
site.yaml of every changed feed. Exits 1 without serving if the content is invalid at start.
Stops cleanly on SIGINT or SIGTERM.

  --port N         port to listen on (default: 3000, env FEEDWRIGHT_PORT or PORT)
  --host HOST      address to listen on (default: localhost, env FEEDWRIGHT_HOST; 0.0.0.0 for every interface)
  --local          build every URL from the address it listens on (http://localhost:PORT/), to try a
                   publication on this machine; what npm start uses
  --log-level L    fatal, error, warn, info, debug or trace (default: info, env FEEDWRIGHT_LOG_LEVEL)
  --log-format F   pretty (human lines) or json (default: pretty on a terminal, else json; env FEEDWRIGHT_LOG_FORMAT)
  --no-watch       do not publish again when files change (scheduled issues still appear on time)`,
    options: { ...sharedOptions, port: { type: 'string' }, host: { type: 'string' }, local: { type: 'boolean' }, 'log-level': { type: 'string' }, 'log-format': { type: 'string' }, 'no-watch': { type: 'boolean' } },
    run: async (values, output) => {
      const publication = publicationOptions(values, process.env)
      const port = portOf(values.port ?? process.env.FEEDWRIGHT_PORT ?? process.env.PORT ?? '3000')
      const host = String(values.host ?? process.env.FEEDWRIGHT_HOST ?? 'localhost')
      if (values.local === true && values['base-url'] !== undefined) throw new UsageError('--local and --base-url both set the public address: give one of them')
      if (values.local === true && port === 0) throw new UsageError('--local needs a fixed --port, since every URL is built from it')
      const baseUrl = values.local === true ? localBaseUrl(host, port) : publication.baseUrl
      const mismatch = describeLocalMismatch(baseUrl, host, port)
      if (mismatch !== undefined) output.err(`${mismatch}\n`)
      // Each command's code is loaded when it runs: a build need not compile the server, nor serve the importer.
      const [{ serve }, { chooseLogFormat }] = await Promise.all([import('./commands/serve.ts'), import('./commands/logging.ts')])
      return await serve({
        ...publication,
        baseUrl,
        port,
        host,
        logLevel: String(values['log-level'] ?? process.env.FEEDWRIGHT_LOG_LEVEL ?? 'info'),
        logFormat: chooseLogFormat(values['log-format'] as string | undefined, process.env, process.stdout.isTTY === true),
        watch: values['no-watch'] !== true
      }, output)
    }
  },
  build: {
    summary: 'write the feeds, pages and media into a folder, ready for any static host',
    usage: `Usage: feedwright build --out DIR [options]

Validates the publication, then writes into DIR everything serve serves: feed.xml (RSS 2.0),
atom.xml (Atom 1.0), feed.json (JSON Feed 1.1), podcast.xml, their archive pages, each tag's
feeds, feeds.opml, the HTML pages, a .gz and .br beside each of those, and the media files.
Writes nothing if the content is invalid.

  --out DIR        where to write them (required)
  --ping           then notify the hubs and pings in site.yaml of every feed whose bytes changed`,
    options: { ...sharedOptions, out: { type: 'string' }, ping: { type: 'boolean' } },
    run: async (values, output) => {
      if (typeof values.out !== 'string') throw new UsageError('build needs --out DIR: the folder to write the feeds into')
      const { build } = await import('./commands/build.ts')
      return await build({ ...publicationOptions(values, process.env), outDir: values.out, ping: values.ping === true }, output)
    }
  },
  validate: {
    summary: 'check every content file and report every problem at once',
    usage: `Usage: feedwright validate [options]

Reads the whole publication and prints every problem, each with its file, line and field.
Exits 1 if there are errors, 0 if there are none (warnings are printed but do not fail).`,
    options: sharedOptions,
    run: async (values, output) => await (await import('./commands/validate.ts')).validate(publicationOptions(values, process.env), output)
  },
  init: {
    summary: 'start a new publication in a folder: site.yaml, a first issue, a .gitignore',
    usage: `Usage: feedwright init DIR [--with-episode]

Writes a small working publication into DIR (created if needed): content/site.yaml with every
field commented, a first issue, and a .gitignore for keeping the publication in git. Never
overwrites a file. Then: cd DIR && feedwright serve --local.

  --with-episode   start as a podcast: an episode of the first issue, a short spoken MP3 and artwork`,
    options: { 'with-episode': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    positionals: true,
    run: async (values, output, positionals) => {
      if (positionals.length !== 1) throw new UsageError('init needs one folder: feedwright init DIR')
      const { init } = await import('./commands/init.ts')
      return await init({ dir: positionals[0]!, withEpisode: values['with-episode'] === true }, output)
    }
  },
  new: {
    summary: 'write a new issue or episode file, dated now, with every field commented',
    usage: `Usage: feedwright new issue "Title" [options]
       feedwright new episode --issue SLUG [--audio FILE] [options]

new issue writes content/issues/YYYY-MM-DD-title.md, dated now in this machine's time zone, as a
draft (delete its draft: line to publish it). new episode writes content/episodes/SLUG.md for the
issue SLUG. Neither overwrites a file.

  --issue SLUG     the issue the episode goes with
  --audio FILE     its audio: a file under media/, or one elsewhere, which is copied into media/`,
    options: { ...sharedOptions, issue: { type: 'string' }, audio: { type: 'string' } },
    positionals: true,
    run: async (values, output, positionals) => {
      const { contentDir, mediaDir } = publicationOptions(values, process.env)
      const [kind, ...rest] = positionals
      if (kind === 'issue') {
        if (rest.length !== 1) throw new UsageError('new issue needs its title, quoted: feedwright new issue "The title"')
        const { newIssue } = await import('./commands/new-file.ts')
        return await newIssue({ contentDir, title: rest[0]! }, output)
      }
      if (kind === 'episode') {
        if (typeof values.issue !== 'string' || rest.length > 0) throw new UsageError('new episode needs the issue it goes with: feedwright new episode --issue SLUG')
        const { newEpisode } = await import('./commands/new-file.ts')
        return await newEpisode({ contentDir, mediaDir, issue: values.issue, audio: values.audio as string | undefined }, output)
      }
      throw new UsageError(`what to write: new issue "Title", or new episode --issue SLUG${kind === undefined ? '' : ` (not "${kind}")`}`)
    }
  },
  import: {
    summary: 'bring in an existing publication from its RSS, Atom, JSON Feed or podcast feed',
    usage: `Usage: feedwright import SOURCE [options]

Reads the feed at SOURCE (an https: or http: URL, or a file) and its whole archive (RFC 5005
prev-archive and next pages, JSON Feed next_url), and writes site.yaml, an issue per item and an
episode per enclosure into the content folder, keeping every GUID and id. The show's artwork is
downloaded; audio stays where it is (its length and type checked with a HEAD request) unless
--download-media. Importing again adds what is new and updates what changed, and never
overwrites a file you edited since. Ends with what could not be carried over, item by item.

  --download-media fetch every audio file, transcript and chapters file into the media folder
  --dry-run        print what would be written, and write nothing`,
    options: { ...sharedOptions, 'download-media': { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    positionals: true,
    run: async (values, output, positionals) => {
      const [source, ...rest] = positionals
      if (source === undefined) throw new UsageError('import needs SOURCE: the address or file of the feed to import')
      if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`)
      const { contentDir, mediaDir } = publicationOptions(values, process.env)
      const { importCommand } = await import('./commands/import.ts')
      return await importCommand({
        source: /^https?:\/\//i.test(source) ? source : path.resolve(source),
        contentDir,
        mediaDir,
        downloadMedia: values['download-media'] === true,
        dryRun: values['dry-run'] === true,
        progress: process.stderr.isTTY
      }, output)
    }
  }
}

function helpOfShared (command: Command): string {
  return command.options !== undefined && 'content' in command.options ? `${sharedHelp}\n` : ''
}

function portOf (value: string | boolean): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${String(value)}" is not a port number (0 to 65535)`)
  return port
}

const mainHelp = `feedwright: publishes a newsletter-and-podcast kept as files as RSS, Atom, JSON Feed and podcast RSS.

Usage: feedwright <command> [options]

Commands:
${Object.entries(commands).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`).join('\n')}

Run feedwright <command> --help for a command's options, and feedwright --version for the version.`

/** The version in package.json. */
export function readVersion (): string {
  return (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version
}

/** Runs one command line and returns the exit code; the only place that knows about argv. */
export async function main (argv: readonly string[], output: Output): Promise<number> {
  const [name, ...rest] = argv
  if (name === '--version' || name === '-v' || name === 'version') {
    output.out(`feedwright ${readVersion()}\n`)
    return 0
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.out(`${mainHelp}\n`)
    return name === undefined ? 2 : 0
  }
  const command = commands[name]
  if (command === undefined) {
    output.err(`feedwright: unknown command "${name}"\n\n${mainHelp}\n`)
    return 2
  }
  try {
    const parsed = parseArgs({ args: [...rest], options: command.options, allowPositionals: true, strict: true })
    const values = parsed.values as Record<string, string | boolean | undefined>
    const positionals = parsed.positionals
    if (values.help === true) {
      output.out(`${command.usage}\n${helpOfShared(command)}`)
      return 0
    }
    if (command.positionals !== true && positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`)
    return await command.run(values, output, positionals)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      output.err(`feedwright ${name}: ${(error as Error).message}\n\n${command.usage}\n${helpOfShared(command)}`)
      return 2
    }
    throw error
  }
}

// npm links the bin through a symlink, so compare real paths.
const isEntryPoint = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntryPoint) {
  const output: Output = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }
  try {
    process.exitCode = await main(process.argv.slice(2), output)
  } catch (error) {
    // Whatever no command foresaw (a folder that cannot be written, a disk that is full) is one
    // line a person can act on; the stack trace is for whoever debugs feedwright itself.
    output.err(`feedwright: ${(error as Error).message ?? String(error)}\n`)
    if (process.env.FEEDWRIGHT_DEBUG === '1') output.err(`${(error as Error).stack ?? ''}\n`)
    else output.err('(run again with FEEDWRIGHT_DEBUG=1 to see where it happened)\n')
    process.exitCode = 1
  }
}
