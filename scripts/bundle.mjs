// Builds dist/: feedwright's entry points (the command line and its three worker threads), bundled
// with the pure-JavaScript packages they use into a few flat files and shared chunks.
//
// Why a bundle and not tsc's one file per module: Node 20 has no compile cache for ES modules, and
// loading the ~760 small files a build needed (typebox alone is 247) took 250–270 ms at the start of
// every build, 90 ms once bundled; every worker thread paid it too, and a one-edit build of a large
// archive takes under two seconds in all. Type checking stays with `tsc --noEmit` (npm run lint).
//
// Usage: node scripts/bundle.mjs [OUTDIR]   (default: dist)
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const outdir = path.resolve(process.argv[2] ?? path.join(root, 'dist'))

// Left to node_modules: sharp has native code; the server's stack (fastify and its plugins, the
// log prettifier) and the HTTP client are loaded only by the commands that use them, as they are.
const external = ['sharp', 'fastify', '@fastify/*', 'pino-pretty', 'undici']

// Everything is flat in outdir, as src/code-version.ts, src/package-files.ts and the workers'
// sibling look-ups (src/start-worker.ts) expect: each chunk is one folder below the package root.
await rm(outdir, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: {
    cli: 'src/cli.ts',
    'markdown-worker': 'src/content/markdown-worker.ts',
    'compression-worker': 'src/publish/compression-worker.ts',
    'publish-worker': 'src/live/publish-worker.ts'
  },
  outdir,
  entryNames: '[name]',
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external,
  sourcemap: true,
  // Bundled CommonJS packages call require() for Node's own modules, which an ES module lacks.
  banner: { js: "import { createRequire as __feedwrightCreateRequire } from 'node:module'; const require = __feedwrightCreateRequire(import.meta.url);" },
  logLevel: 'warning'
})
