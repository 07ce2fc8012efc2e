import type { FastifyServerOptions } from 'fastify'
import pretty from 'pino-pretty'
import { UsageError } from '../errors.ts'

/** How `serve` writes its log: human lines for a person at a terminal, JSON lines for a log collector. */
export type LogFormat = 'pretty' | 'json'

/**
 * The log format: `--log-format`, else FEEDWRIGHT_LOG_FORMAT, else human lines when standard output
 * is a terminal and JSON otherwise (a pipe, a file, systemd, a container's log driver).
 */
export function chooseLogFormat (option: string | undefined, env: NodeJS.ProcessEnv, isTerminal: boolean): LogFormat {
  const chosen = option ?? env.FEEDWRIGHT_LOG_FORMAT
  if (chosen === undefined || chosen === '') return isTerminal ? 'pretty' : 'json'
  if (chosen === 'pretty' || chosen === 'json') return chosen
  throw new UsageError(`--log-format: "${chosen}" is not a log format (pretty or json)`)
}

/**
 * Fastify's logger options for a level and format. Pretty lines are made in this thread by
 * pino-pretty (pino's own prettifier) rather than in a transport's worker, so a line is written
 * before the process exits and tests can read them from `destination`.
 */
export function loggerOptions (level: string, format: LogFormat, destination: NodeJS.WritableStream = process.stdout): FastifyServerOptions['logger'] {
  if (format === 'json') return destination === process.stdout ? { level } : { level, stream: destination }
  return {
    level,
    stream: pretty({
      destination,
      colorize: destination === process.stdout && process.stdout.isTTY,
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname',
      // A request's line is its method, URL and status; the rest is for JSON logs.
      singleLine: true,
      sync: true
    })
  }
}
