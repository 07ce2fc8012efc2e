import { createHash } from 'node:crypto'
import type { Publication } from '../model/publication.ts'
import { outputs } from './outputs.ts'

/** One rendered output, ready to write or serve as it is. */
export interface PublishedFile {
  readonly path: string
  readonly type: string
  readonly body: Buffer
}

/** Everything rendered from one version of the content. */
export interface Published {
  readonly publication: Publication
  readonly files: ReadonlyMap<string, PublishedFile>
  /** Hash of every file's path and bytes: names this content version in logs and health checks. */
  readonly version: string
}

/** Renders every output once. Pure: the same publication always gives the same bytes. */
export function publish (publication: Publication): Published {
  const files = new Map<string, PublishedFile>()
  const version = createHash('sha256')
  for (const output of outputs) {
    const body = Buffer.from(output.render(publication), 'utf8')
    files.set(output.path, { path: output.path, type: output.type, body })
    version.update(output.path).update(body)
  }
  return { publication, files, version: version.digest('hex').slice(0, 16) }
}
