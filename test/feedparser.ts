import { execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'

/**
 * The Universal Feed Parser (Python `feedparser`, Debian `python3-feedparser`): the parser behind
 * many readers and services, and the one that shows whether a field is read as text or as HTML.
 * Tests read every RSS and Atom document back with it.
 */

/** A text field as feedparser reports it, plus `shown`: the text a reader displays. */
export interface FeedparserText {
  readonly type: string
  readonly value: string
  /** `value` for plain text; for HTML, the text a browser shows (tags dropped, references decoded). */
  readonly shown: string
}

/** The parts of feedparser's result the tests read; everything else is there too, untyped. */
export interface FeedparserResult {
  readonly bozo: boolean
  readonly bozo_exception: string
  readonly version: string
  readonly feed: Readonly<Record<string, unknown>> & { title_detail?: FeedparserText, subtitle_detail?: FeedparserText, rights_detail?: FeedparserText, id?: string, publisher_detail?: { name?: string } }
  readonly entries: ReadonlyArray<Readonly<Record<string, unknown>> & { id?: string, title_detail?: FeedparserText, summary_detail?: FeedparserText, author_detail?: { name?: string }, tags?: Array<{ term: string }> }>
}

// Every {type, value} dict gets `shown`: HTML is rendered to its text the way a browser shows it.
const PROGRAM = `
import feedparser, json, sys
from html.parser import HTMLParser

class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
    def handle_data(self, data):
        self.parts.append(data)

def shown(detail):
    if 'html' not in detail.get('type', ''):
        return detail['value']
    text = Text()
    text.feed(detail['value'])
    text.close()
    return ''.join(text.parts)

def annotate(node):
    if isinstance(node, dict):
        for value in node.values():
            annotate(value)
        if 'type' in node and isinstance(node.get('value'), str):
            node['shown'] = shown(node)
    elif isinstance(node, list):
        for value in node:
            annotate(value)

outputs = []
for feed in json.load(sys.stdin):
    result = feedparser.parse(feed.encode('utf-8'))
    outputs.append({'bozo': bool(result.bozo), 'bozo_exception': str(result.get('bozo_exception', '')),
                    'version': result.version, 'feed': result.feed, 'entries': result.entries})
annotate(outputs)
json.dump(outputs, sys.stdout, default=str)
`

// python3 on PATH may be a private interpreter (pyenv, a virtualenv) without Debian's packages.
const PYTHONS = ['python3', '/usr/bin/python3']

let found: Promise<string | undefined> | undefined

async function findPython (): Promise<string | undefined> {
  for (const python of PYTHONS) {
    try {
      await promisify(execFile)(python, ['-c', 'import feedparser'])
      return python
    } catch {}
  }
  return undefined
}

/** Why the feedparser checks cannot run here, or `false` when they can: for tap's `skip`. */
export async function feedparserMissing (): Promise<string | false> {
  found ??= findPython()
  return (await found) === undefined
    ? 'the Universal Feed Parser is not installed (Debian: apt-get install python3-feedparser; .ci/run installs it)'
    : false
}

/**
 * Parses feeds with the Universal Feed Parser, all in one Python process (starting one takes a
 * while); call only when `feedparserMissing()` is false.
 */
export async function parseWithFeedparser (feeds: readonly string[]): Promise<FeedparserResult[]> {
  found ??= findPython()
  const python = await found
  if (python === undefined) throw new Error(String(await feedparserMissing()))
  const child = spawn(python, ['-c', PROGRAM], { stdio: ['pipe', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject)
    child.once('close', resolve)
  })
  child.stdin.end(JSON.stringify(feeds))
  const code = await exited
  if (code !== 0) throw new Error(`feedparser failed (${code}): ${stderr}`)
  return JSON.parse(stdout) as FeedparserResult[]
}
