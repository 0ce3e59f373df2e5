import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, eventually, randomPrefix } from '../helpers/crier-harness.js';
import { freePort } from '../helpers/redis-server.js';
import { serviceEnv } from '../helpers/service-env.js';
import { crierEntry, spawnCrier, type WorkerProcess } from '../helpers/worker-process.js';
import { runCrier } from './spawn-with-stdin.js';

/**
 * dist/ is the bundle `npm run build` makes (scripts/bundle.mjs), not tsc's output: these check it
 * does what the sources do, as every other test checks the sources.
 */
const FIXTURE = 'tests/fixtures/beijing-islamabad.json';

const running: WorkerProcess[] = [];
const prefixes: string[] = [];
afterEach(async () => {
  for (const p of running.splice(0)) {
    if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await p.exited;
  }
  for (const p of prefixes.splice(0)) await cleanup(p);
});

describe('the bin', () => {
  it('runs through its own first line, as an installed crier does', async () => {
    const bin = spawn('./dist/cli.js', ['--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    bin.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => bin.once('exit', resolve));
    expect(code).toBe(0);
    expect(out).toContain('Usage: crier');
    expect(readFileSync('dist/cli.js', 'utf8').split('\n', 1)[0]).toBe('#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=50');
  }, 30_000);

  it('renders an article exactly as the sources do', async () => {
    const env = { TEMPLATES_DIR: 'templates' };
    const source = await runCrier(['render', FIXTURE, '--json'], env, '', crierEntry(false));
    const built = await runCrier(['render', FIXTURE, '--json'], env, '', crierEntry(true));
    expect(source.code, source.stderr).toBe(0);
    expect(built.code, built.stderr).toBe(0);
    const posts = (JSON.parse(built.stdout) as { posts: { platform: string }[] }).posts;
    expect(posts.map((p) => p.platform)).toContain('x');
    expect(built.stdout).toBe(source.stdout);
  }, 60_000);

  it('serves the dashboard with its views, styles and htmx, which the bundle keeps outside itself', async () => {
    const prefix = randomPrefix();
    prefixes.push(prefix);
    const port = await freePort();
    const env = serviceEnv(prefix, { HOST: '127.0.0.1', PORT: String(port), SESSION_SECRET: 'built-bin-session-secret-0123456789abcdef' });
    const serve = spawnCrier(['serve'], env, [], crierEntry(true));
    running.push(serve);
    const base = `http://127.0.0.1:${port}`;
    const signIn = await eventually(
      () => fetch(`${base}/sign-in`).then((res) => (res.status === 200 ? res.text() : undefined)),
      30_000,
      `the dashboard's sign-in page (output: ${serve.output()})`,
    );
    expect(signIn).toMatch(/<form[^>]*action="\/sign-in"/);
    const css = await fetch(`${base}/assets/dashboard.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(await css.text()).toBe(readFileSync('src/dashboard/public/dashboard.css', 'utf8'));
    const htmx = await fetch(`${base}/assets/htmx/htmx.min.js`);
    expect(htmx.status).toBe(200);
    expect((await htmx.text()).length).toBeGreaterThan(10_000);
  }, 60_000);
});
