import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArticleJson } from '../article/parse-article.js';
import { configFrom, type Config } from '../config.js';
import { ConfigError } from '../domain/errors/index.js';
import { outboxPaths } from '../platforms/outbox/outbox-paths.js';
import { redactRedisUrl } from '../pipeline/redis-connection.js';
import type { PostRecord } from '../posts/post.js';
import type { RunningService } from '../service/run-service.js';
import { removeDemoKeys } from './demo-keys.js';
import { demoRedis } from './demo-redis.js';
import { changeLine, summaryLines } from './demo-report.js';
import { EditorClient } from './editor-client.js';
import { PostWatcher, SETTLED_STATES } from './post-watcher.js';
import { publishSigned } from './publish-signed.js';

/** What the demo takes from .env and the environment; never credentials or accounts. */
export const DEMO_SETTINGS = ['REDIS_URL', 'OUTBOX_DIR', 'TEMPLATES_DIR', 'LOG_LEVEL'] as const;

export const SAMPLE_ARTICLE = resolve(import.meta.dirname, 'sample-article.json');

export interface DemoOptions {
  /** Exit when the article's posts have settled, instead of running until a signal. */
  once: boolean;
  articleFile: string;
  settings: Partial<Record<(typeof DEMO_SETTINGS)[number], string | undefined>>;
  print(line: string): void;
  /** SIGINT / SIGTERM. */
  signal: AbortSignal;
  /** How long --once waits for the posts to settle. */
  settleTimeoutMs?: number;
  pollMs?: number;
}

/** A short hold, so the states can be watched moving; long enough to see "scheduled", short enough to be quick. */
const DEMO_HOLD_SECONDS = '2';

function demoConfig(options: DemoOptions, redisUrl: string, prefix: string, outboxDir: string, secrets: { webhook: string; editor: string; session: string }): Config {
  return configFrom({
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    DELIVERY_MODE: 'outbox',
    OUTBOX_DIR: outboxDir,
    TEMPLATES_DIR: options.settings.TEMPLATES_DIR ?? './templates',
    LOG_LEVEL: options.settings.LOG_LEVEL ?? 'warn',
    WEBHOOK_SECRET: secrets.webhook,
    EDITOR_TOKEN: secrets.editor,
    SESSION_SECRET: secrets.session,
    HOST: '127.0.0.1',
    PORT: '0',
    HOLD_SECONDS: DEMO_HOLD_SECONDS,
    DELIVERY_BACKOFF_MS: '500',
    SWEEP_INTERVAL_MS: '2000',
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const wake = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', wake);
      done();
    };
    const timer = setTimeout(wake, ms);
    signal.addEventListener('abort', wake, { once: true });
  });
}

/**
 * `npm run demo`: crier on this machine in outbox mode, with a private key prefix, fed the sample
 * article through its signed intake; prints every state change and where the posts were written.
 * Resolves to the exit code.
 */
export async function runDemo(options: DemoOptions): Promise<number> {
  const { print, signal } = options;
  const body = await readFile(options.articleFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new ConfigError(`cannot read ${options.articleFile}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  const article = parseArticleJson(body);

  const redis = await demoRedis(options.settings.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const run = randomBytes(4).toString('hex');
  const prefix = `crier-demo-${run}`;
  const outboxDir = resolve(options.settings.OUTBOX_DIR ?? './outbox', `demo-${run}`);
  const secrets = {
    webhook: `whsec_${randomBytes(24).toString('base64')}`,
    editor: randomBytes(18).toString('base64url'),
    session: randomBytes(32).toString('base64url'),
  };
  let service: RunningService | undefined;
  try {
    const config = demoConfig(options, redis.url, prefix, outboxDir, secrets);
    // Loaded only now: without Redis the demo says so at once, before loading every platform and the dashboard.
    const { startDemoService } = await import('./start-demo-service.js');
    const started = await startDemoService(config, redis.url);
    service = started.service;
    const editorAccount = started.editor;
    const baseUrl = service.address ?? '';
    const outboxFile = (post: Pick<PostRecord, 'platform'>) => outboxPaths(outboxDir, post.platform).lines;

    print('crier demo: the whole flow on this machine; every step is real except the last, which writes files instead of posting.');
    print(`  Redis     ${redactRedisUrl(redis.url)}${redis.own ? ' (its own redis-server, stopped on exit)' : ''}, keys under ${prefix}: (removed on exit)`);
    print(`  intake    ${baseUrl}/v1/articles (Standard Webhooks, a secret made for this run)`);
    print(`  dashboard ${baseUrl}/ (sign in as ${editorAccount.name}, password ${editorAccount.password})`);
    print(`  outbox    ${outboxDir}`);
    print(`  accounts  ${config.accounts.map((a) => `${a.platform}/${a.name}`).join(', ')}`);
    print('');
    print(`Publishing "${article.headline}" (${article.id}) as a CMS does: signed POST /v1/articles`);
    const answer = await publishSigned(baseUrl, secrets.webhook, body);
    if (answer.status !== 202) {
      print(`  the intake answered ${answer.status}: ${JSON.stringify(answer.body)}`);
      return 1;
    }
    const accepted = Array.isArray((answer.body as { posts?: unknown }).posts) ? (answer.body as { posts: unknown[] }).posts.length : 0;
    print(`  202 accepted: ${accepted} posts, held ${DEMO_HOLD_SECONDS} s (HOLD_SECONDS) so an editor could still stop them`);
    print('');

    const editor = new EditorClient(baseUrl, secrets.editor);
    const watcher = new PostWatcher(editor, (change) => print(changeLine(change, outboxFile)));
    const deadline = Date.now() + (options.settleTimeoutMs ?? 120_000);
    let posts: PostRecord[] = [];
    const settled = () => posts.length >= accepted && posts.every((p) => SETTLED_STATES.includes(p.state));
    while (!signal.aborted) {
      posts = await watcher.poll(article.id);
      if (settled() || Date.now() > deadline) break;
      await sleep(options.pollMs ?? 150, signal);
    }
    if (signal.aborted) return 0;

    print('');
    if (!settled()) {
      const waiting = posts.filter((p) => !SETTLED_STATES.includes(p.state));
      print(`Not settled after ${Math.round((options.settleTimeoutMs ?? 120_000) / 1000)} s: ${waiting.map((p) => `${p.platform}/${p.account} ${p.state}`).join(', ')}`);
      return 1;
    }
    const delivered = posts.filter((p) => p.state === 'published');
    print(`${delivered.length} of ${posts.length} posts delivered to the outbox (JSON lines; a .txt beside each to read):`);
    for (const line of summaryLines(posts, outboxFile)) print(line);
    if (options.once) return delivered.length === posts.length ? 0 : 1;

    print('');
    print(`crier keeps running. Open the dashboard at ${baseUrl}/ (sign in as ${editorAccount.name}, password ${editorAccount.password}),`);
    print('or ask the editor API for the posts, their parts and history:');
    print(`  curl -H 'Authorization: Bearer ${secrets.editor}' '${baseUrl}/v1/posts?article=${encodeURIComponent(article.id)}'`);
    print('Ctrl-C stops it and removes the demo keys; the outbox files stay.');
    while (!signal.aborted) {
      await watcher.poll();
      await sleep(options.pollMs ?? 500, signal);
    }
    return 0;
  } finally {
    await service?.stop();
    const removed = await removeDemoKeys(redis.url, prefix).catch(() => undefined);
    await redis.stop();
    print(removed === undefined ? `demo stopped; could not remove the keys under ${prefix}:` : `demo stopped; removed ${removed} keys under ${prefix}:`);
  }
}
