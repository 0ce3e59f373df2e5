// Bundles tsc's output (build/) into dist/: crier's modules, and the plain-JavaScript packages every
// short command loads, become a few files. Node 20's ESM loader pays for each module it resolves,
// reads and compiles (zod alone is 99 files), and has no compile cache: bundling took `crier render`
// from 0.66 to 0.44 s (farm-bench, runs taken in turn).
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

// Inlined: plain JavaScript that reads no files of its own at run time (twitter-text: only the four
// files src/platforms/twitter-text.ts names, each run on its first call). Every other dependency
// stays an import from node_modules: the SDKs (loaded only when an account uses one), native code
// (sharp), and packages that start worker threads or serve their own files (pino, fastify and its
// plugins, bull-board, htmx.org).
const INLINE = new Set(['zod', 'commander', 'dotenv', 'liquidjs', 'htmlparser2', 'entities', 'ipaddr.js', 'twitter-text']);

const { dependencies } = JSON.parse(readFileSync('package.json', 'utf8'));
for (const name of INLINE) if (!(name in dependencies)) throw new Error(`scripts/bundle.mjs: ${name} is inlined but is not a dependency`);
const external = Object.keys(dependencies)
  .filter((name) => !INLINE.has(name))
  .flatMap((name) => [name, `${name}/*`]);

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['build/cli.js'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external,
  // One level below dist/, as every module is below src/: a module that finds its files relative
  // to itself (the dashboard's views) finds them at the same relative path in both.
  chunkNames: 'chunks/[name]-[hash]',
  sourcemap: true,
  // Inlined CommonJS (commander, liquidjs) calls require() for Node's own modules.
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: 'warning',
});
