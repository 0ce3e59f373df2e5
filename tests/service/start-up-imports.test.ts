import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'crier-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A loader hook that writes down every module URL the ESM loader loads: importing an entry module
// (without running anything) then lists what its static imports cost every process that uses it.
const hooks = join(dir, 'hooks.mjs');
writeFileSync(
  hooks,
  `import { appendFileSync } from 'node:fs';
let out;
export function initialize(data) { out = data.out; }
export async function load(url, context, next) { appendFileSync(out, url + '\\n'); return next(url, context); }
`,
);

/** The module URLs loaded by importing `entry` (a path under src/), as tsx runs the sources. */
function modulesLoadedBy(entry: string): string[] {
  const out = join(dir, `${entry.replaceAll('/', '_')}.txt`);
  writeFileSync(out, '');
  const script = `import { register } from 'node:module';
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { out: ${JSON.stringify(out)} } });
await import(${JSON.stringify(pathToFileURL(join(process.cwd(), entry)).href)});`;
  execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: 'pipe', timeout: 60_000 });
  return readFileSync(out, 'utf8').split('\n').filter((u) => u !== '');
}

const loadsFrom = (urls: readonly string[], part: string) => urls.filter((u) => u.includes(part));

describe('what a command loads before it runs', () => {
  it('crier work/serve/start: the service, without the feed parsers, the composer or the article parser', () => {
    const urls = modulesLoadedBy('src/cli/service-commands.ts');
    // The hook saw the graph: the service and its queue library are in it.
    expect(loadsFrom(urls, '/src/service/run-service.ts')).toHaveLength(1);
    expect(loadsFrom(urls, '/node_modules/bullmq/').length).toBeGreaterThan(0);
    // Loaded only when feeds are configured (start-feeds.ts) or a first event is composed.
    for (const part of ['/node_modules/feedsmith/', '/node_modules/fast-xml-parser/', '/src/sources/feeds/feed-poller.ts', '/src/compose/composer.ts', '/node_modules/entities/', '/src/article/parse-article.ts', '/node_modules/fastify/']) {
      expect(loadsFrom(urls, part), part).toEqual([]);
    }
  });

  it('crier render: compose, without Redis, the queues or any platform SDK', () => {
    const urls = modulesLoadedBy('src/cli/render-command.ts');
    expect(loadsFrom(urls, '/src/compose/composer.ts')).toHaveLength(1);
    for (const part of ['/node_modules/bullmq/', '/node_modules/ioredis/', '/node_modules/@atproto/', '/node_modules/twitter-api-v2/', '/node_modules/feedsmith/', '/node_modules/undici/']) {
      expect(loadsFrom(urls, part), part).toEqual([]);
    }
  });
});
