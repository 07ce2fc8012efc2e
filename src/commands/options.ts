import path from 'node:path'
import type { PublicationOptions } from '../content/load-publication.ts'
import { UsageError } from '../errors.ts'

/** Where a command writes what a person reads; injected so tests can capture it. */
export interface Output {
  out (text: string): void
  err (text: string): void
}

/** Resolves the shared options; each falls back to its FEEDWRIGHT_* variable, then the default. */
export function publicationOptions (values: { content?: string, media?: string, 'base-url'?: string, cache?: string, 'no-cache'?: boolean }, env: NodeJS.ProcessEnv): PublicationOptions {
  const baseUrl = values['base-url'] ?? env.FEEDWRIGHT_BASE_URL
  const contentDir = path.resolve(values.content ?? env.FEEDWRIGHT_CONTENT ?? 'content')
  // Beside the content folder, like .git or Jekyll's .jekyll-cache: one per publication, easy to find and delete.
  const cacheDir = values['no-cache'] === true ? undefined : path.resolve(values.cache ?? env.FEEDWRIGHT_CACHE ?? path.join(path.dirname(contentDir), '.feedwright-cache'))
  return {
    contentDir,
    mediaDir: path.resolve(values.media ?? env.FEEDWRIGHT_MEDIA ?? 'media'),
    baseUrl: baseUrl === undefined ? undefined : checkBaseUrl(baseUrl),
    cacheDir
  }
}

// http is allowed here (unlike in site.yaml) so a publication can be tried on localhost.
function checkBaseUrl (value: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new UsageError(`--base-url: "${value}" is not an absolute URL (for example https://feeds.example.org/)`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--base-url: "${value}" must be an http or https URL`)
  return url.href
}
