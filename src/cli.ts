#!/usr/bin/env node
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { build } from './commands/build.ts'
import { importCommand } from './commands/import.ts'
import { publicationOptions, type Output } from './commands/options.ts'
import { serve } from './commands/serve.ts'
import { validate } from './commands/validate.ts'
import { UsageError } from './errors.ts'

const sharedOptions = {
  content: { type: 'string' },
  media: { type: 'string' },
  'base-url': { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const satisfies ParseArgsConfig['options']

const sharedHelp = `
Options for every command:
  --content DIR    the publication's text: site.yaml, issues/, episodes/ (default: ./content, env FEEDWRIGHT_CONTENT)
  --media DIR      its audio, artwork, transcripts and chapters (default: ./media, env FEEDWRIGHT_MEDIA)
  --base-url URL   the public address it is served at, replacing url in site.yaml (env FEEDWRIGHT_BASE_URL)
  -h, --help       show this help`

interface Command {
  readonly summary: string
  readonly usage: string
  readonly options: ParseArgsConfig['options']
  /** Whether the command takes one positional argument (import's SOURCE). */
  readonly takesSource?: boolean
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
  --log-level L    fatal, error, warn, info, debug or trace (default: info, env FEEDWRIGHT_LOG_LEVEL)
  --no-watch       do not publish again when files change (scheduled issues still appear on time)`,
    options: { ...sharedOptions, port: { type: 'string' }, host: { type: 'string' }, 'log-level': { type: 'string' }, 'no-watch': { type: 'boolean' } },
    run: async (values, output) => await serve({
      ...publicationOptions(values, process.env),
      port: portOf(values.port ?? process.env.FEEDWRIGHT_PORT ?? process.env.PORT ?? '3000'),
      host: String(values.host ?? process.env.FEEDWRIGHT_HOST ?? 'localhost'),
      logLevel: String(values['log-level'] ?? process.env.FEEDWRIGHT_LOG_LEVEL ?? 'info'),
      watch: values['no-watch'] !== true
    }, output)
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
      return await build({ ...publicationOptions(values, process.env), outDir: values.out, ping: values.ping === true }, output)
    }
  },
  validate: {
    summary: 'check every content file and report every problem at once',
    usage: `Usage: feedwright validate [options]

Reads the whole publication and prints every problem, each with its file, line and field.
Exits 1 if there are errors, 0 if there are none (warnings are printed but do not fail).`,
    options: sharedOptions,
    run: async (values, output) => await validate(publicationOptions(values, process.env), output)
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
    takesSource: true,
    run: async (values, output, positionals) => {
      const source = positionals[0]
      if (source === undefined) throw new UsageError('import needs SOURCE: the address or file of the feed to import')
      const { contentDir, mediaDir } = publicationOptions(values, process.env)
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

function portOf (value: string | boolean): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port: "${String(value)}" is not a port number (0 to 65535)`)
  return port
}

const mainHelp = `feedwright: publishes a newsletter-and-podcast kept as files as RSS, Atom, JSON Feed and podcast RSS.

Usage: feedwright <command> [options]

Commands:
${Object.entries(commands).map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`).join('\n')}

Run feedwright <command> --help for a command's options.`

/** Runs one command line and returns the exit code; the only place that knows about argv. */
export async function main (argv: readonly string[], output: Output): Promise<number> {
  const [name, ...rest] = argv
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
      output.out(`${command.usage}\n${sharedHelp}\n`)
      return 0
    }
    const allowed = command.takesSource === true ? 1 : 0
    if (positionals.length > allowed) throw new UsageError(`unexpected argument "${positionals[allowed]}"`)
    return await command.run(values, output, positionals)
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true) {
      output.err(`feedwright ${name}: ${(error as Error).message}\n\n${command.usage}\n${sharedHelp}\n`)
      return 2
    }
    throw error
  }
}

// npm links the bin through a symlink, so compare real paths.
const isEntryPoint = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntryPoint) {
  const output: Output = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) }
  process.exitCode = await main(process.argv.slice(2), output)
}
