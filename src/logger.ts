/** The part of a pino logger feedwright writes to; Fastify's `app.log` is one. */
export interface Logger {
  info (details: object, message: string): void
  warn (details: object, message: string): void
  error (details: object, message: string): void
}
