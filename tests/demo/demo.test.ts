import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../src/domain/platform.js';
import { readOutboxLines } from '../../src/platforms/outbox/outbox-file.js';
import type { OutboxPartLine } from '../../src/platforms/outbox/outbox-line.js';
import { cleanEnv, runCrier } from '../cli/spawn-with-stdin.js';
import { untilEvent } from '../helpers/wait.js';
import { deleteKeys, newRedis, REDIS_URL } from '../helpers/redis.js';

const SAMPLE = 'src/demo/sample-article.json';
const dirs: string[] = [];
const prefixes: string[] = [];

afterAll(async () => {
  const redis = newRedis();
  for (const prefix of prefixes) await deleteKeys(redis, `${prefix}:`);
  redis.disconnect();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run demo -- <args>` as a newcomer runs it (without npm's own start-up), with only `env` for crier's settings. */
function runDemo(args: string[], env: Record<string, string>): Promise<DemoRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts', ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The demo left running, read as it prints. */
function startDemo(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/demo/main.ts'], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => stdout + stderr,
    /** Looks again at each chunk of output (or the exit), never on a timer. */
    async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<RegExpExecArray> {
      const seen: { match?: RegExpExecArray } = {};
      const settled = () => (seen.match = pattern.exec(stdout) ?? undefined) !== undefined || child.stdout.readableEnded;
      await untilEvent(child.stdout, ['data', 'end'], settled, `${pattern} in the demo's output`, timeoutMs).catch(() => undefined);
      if (!seen.match) throw new Error(`no ${pattern} in the demo's output:\n${stdout}${stderr}`);
      return seen.match;
    },
  };
}

/** Signs in on the dashboard the way a browser does (session cookie, CSRF token from the form) and returns the queue page. */
async function dashboardQueue(base: string, name: string, password: string): Promise<{ status: number; html: string }> {
  const form = await fetch(`${base}/sign-in`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signIn = await fetch(`${base}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, name, password, next: '/' }).toString(),
  });
  expect(signIn.status).toBe(303);
  const session = (signIn.headers.get('set-cookie') ?? '').split(';')[0]!;
  const queue = await fetch(`${base}/`, { headers: { cookie: session }, redirect: 'manual' });
  return { status: queue.status, html: await queue.text() };
}

function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), name));
  dirs.push(dir);
  return dir;
}

function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function answersOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function demoPrefix(stdout: string): string {
  const prefix = /keys under (crier-demo-[0-9a-f]{8}):/.exec(stdout)?.[1];
  expect(prefix, stdout).toBeDefined();
  prefixes.push(prefix!);
  return prefix!;
}

interface RenderDocument {
  posts: { platform: string; account: string; parts: { text: string; length: number; limit: number }[] }[];
}

describe('npm run demo -- --once', () => {
  it('delivers the sample to the outbox: every post of `crier render --json`, each part exactly once, then cleans up', async () => {
    const outbox = tempDir('crier-demo-outbox-');
    const run = await runDemo(['--once'], { REDIS_URL, OUTBOX_DIR: outbox });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain(`${PLATFORM_IDS.length} of ${PLATFORM_IDS.length} posts delivered to the outbox`);
    for (const platform of PLATFORM_IDS) expect(run.stdout).toMatch(new RegExp(`${platform}/default +published +\\d+ parts? → ${platform}\\.jsonl`));

    // Its keys are gone from the shared Redis.
    const prefix = demoPrefix(run.stdout);
    const redis = newRedis();
    const [, left] = await redis.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
    redis.disconnect();
    expect(left).toEqual([]);

    const [runDir, ...others] = readdirSync(outbox);
    expect(others).toEqual([]);
    const rendered = await runCrier(['render', '--json', SAMPLE], { TEMPLATES_DIR: 'templates', LOG_LEVEL: 'silent' });
    expect(rendered.code, rendered.stderr).toBe(0);
    const expected = (JSON.parse(rendered.stdout) as RenderDocument).posts;
    expect(expected.map((p) => p.platform).sort()).toEqual([...PLATFORM_IDS].sort());

    for (const post of expected) {
      const lines = (await readOutboxLines(join(outbox, runDir!, `${post.platform}.jsonl`))).filter(
        (l): l is OutboxPartLine => l.type === 'part',
      );
      // One thread per post, its parts in order, each written once, with render's texts and counts.
      expect(new Set(lines.map((l) => l.thread)).size, post.platform).toBe(1);
      expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
      expect(lines.map((l) => ({ account: l.account, part: l.part, text: l.text, length: l.length, limit: l.limit }))).toEqual(
        post.parts.map((p, part) => ({ account: post.account, part, text: p.text, length: p.length, limit: p.limit })),
      );
      expect(readFileSync(join(outbox, runDir!, `${post.platform}.txt`), 'utf8')).toContain(post.parts[0]!.text);
    }
  }, 180_000);

  it('without --once keeps running with a dashboard editor it made, and Ctrl-C (signalled twice, as a process group is) cleans up', async () => {
    const demo = startDemo({ REDIS_URL, OUTBOX_DIR: tempDir('crier-demo-plain-') });
    try {
      const [, base, name, password] = await demo.waitFor(/dashboard (http:\/\/127\.0\.0\.1:\d+)\/ \(sign in as (\S+), password (\S+)\)/);
      await demo.waitFor(/crier keeps running/);
      const prefix = demoPrefix(demo.output());
      const queue = await dashboardQueue(base!, name!, password!);
      expect(queue.status).toBe(200);
      expect(queue.html).toContain('Beijing Backs Islamabad’s National Security Efforts Amid Tensions');

      demo.child.kill('SIGINT');
      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(demo.output()).toMatch(new RegExp(`demo stopped; removed \\d+ keys under ${prefix}:`));
      const redis = newRedis();
      const [, left] = await redis.scan('0', 'MATCH', `${prefix}:*`, 'COUNT', 10_000);
      redis.disconnect();
      expect(left).toEqual([]);
    } finally {
      demo.child.kill('SIGKILL');
    }
  }, 180_000);

  it('starts a redis-server of its own when none answers at REDIS_URL, and stops it on exit', async () => {
    const port = await unusedPort();
    const run = await runDemo(['--once'], { REDIS_URL: `redis://127.0.0.1:${port}`, OUTBOX_DIR: tempDir('crier-demo-own-') });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const own = /Redis +redis:\/\/127\.0\.0\.1:(\d+)\/? \(its own redis-server, stopped on exit\)/.exec(run.stdout);
    expect(own, run.stdout).not.toBeNull();
    expect(Number(own![1])).not.toBe(port);
    expect(run.stdout).toContain(`${PLATFORM_IDS.length} of ${PLATFORM_IDS.length} posts delivered to the outbox`);
    expect(await answersOn(Number(own![1]))).toBe(false);
  }, 180_000);

  it('says in one line how to get Redis, and exits 2, when there is neither Redis nor redis-server', async () => {
    const port = await unusedPort();
    const emptyPath = tempDir('crier-demo-path-');
    const run = await runDemo(['--once'], { REDIS_URL: `redis://127.0.0.1:${port}`, PATH: emptyPath });
    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`no Redis answers at redis://127.0.0.1:${port}/? \\(REDIS_URL\\)`));
    expect(lines[0]).toContain('apt-get install redis-server');
    expect(lines[0]).toContain('brew install redis');
    expect(lines[0]).toContain('docker run -p 6379:6379 redis');
    expect(run.stdout).toBe('');
  }, 120_000);
});
