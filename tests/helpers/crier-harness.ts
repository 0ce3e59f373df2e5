import type { EventEmitter } from 'node:events';
import { rmSync } from 'node:fs';
import { afterAll, afterEach } from 'vitest';
import { configFrom, type Config } from '../../src/config.js';
import { Queue, QueueEvents, QueueEventsProducer } from 'bullmq';
import type { PlatformId } from '../../src/domain/platform.js';
import { queueNameFor, type PublishJobData } from '../../src/pipeline/publish-job.js';
import { PostStore } from '../../src/posts/post-store.js';
import { prefixes } from '../../src/service/services.js';
import { createAdapterProvider } from '../../src/platforms/registry.js';
import { runService, type RunningService } from '../../src/service/run-service.js';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon.js';
import { startFakeX, type FakeX } from '../fakes/x-api.js';
import { EDITOR_TOKEN, serviceEnv } from './service-env.js';
import { dropKeys, randomPrefix, REDIS_URL, useRedis, type TestRedis } from './redis.js';
import { signedHeaders } from './sign.js';
import { spawnCrier, type WorkerProcess } from './worker-process.js';
import { templatesWith } from './templates.js';

export const X_CREDENTIALS = {
  apiKey: 'x-key',
  apiSecret: 'x-secret-value',
  accessToken: 'x-token',
  accessSecret: 'x-access-secret-value',
};
export const MASTODON_TOKEN = 'mastodon-token-value';

/**
 * Templates that make a thread everywhere: the headline and link, then each key point as its own
 * part, so delivery tests exercise reply chains on every platform.
 */
export function threadTemplatesDir(): string {
  const thread = '{{ headline }}\n\n{{ url }}{% for point in key_points %}{% part %}{{ point }}{% endfor %}\n';
  return templatesWith(Object.fromEntries(['x', 'mastodon', 'bluesky'].map((platform) => [`${platform}.liquid`, thread])), 'thread-templates');
}

export interface Fakes {
  x: FakeX;
  mastodon: FakeMastodon;
  close(): Promise<void>;
}

export async function startFakes(): Promise<Fakes> {
  const x = await startFakeX({ credentials: X_CREDENTIALS });
  const mastodon = await startFakeMastodon({ accessToken: MASTODON_TOKEN });
  return {
    x,
    mastodon,
    async close() {
      await Promise.all([x.close(), mastodon.close()]);
    },
  };
}

/** Env for a crier delivering to the fakes (X and Mastodon; Bluesky left out unless `extra` sets it). */
export function deliveryEnv(prefix: string, fakes: Fakes, templatesDir: string, extra: Record<string, string> = {}): Record<string, string> {
  const env = serviceEnv(prefix, {
    X_API_URL: fakes.x.url,
    MASTODON_URL: fakes.mastodon.url,
    TEMPLATES_DIR: templatesDir,
    HOST: '127.0.0.1',
    PORT: '0',
    DELIVERY_BACKOFF_MS: '100',
    DELIVERY_ATTEMPTS: '5',
    DELIVERY_LOCK_MS: '2000',
    SWEEP_INTERVAL_MS: '1000',
    ...extra,
  });
  if (!('BLUESKY_SERVICE' in extra)) {
    delete env.BLUESKY_IDENTIFIER;
    delete env.BLUESKY_APP_PASSWORD;
  }
  return env;
}

/** Env for a `crier` CLI process (render, send, publish) posting to the X and Mastodon fakes; every other platform unset. */
export function cliEnv(fakes: Fakes, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TEMPLATES_DIR: 'templates',
    LOG_LEVEL: 'silent',
    X_API_KEY: X_CREDENTIALS.apiKey,
    X_API_SECRET: X_CREDENTIALS.apiSecret,
    X_ACCESS_TOKEN: X_CREDENTIALS.accessToken,
    X_ACCESS_SECRET: X_CREDENTIALS.accessSecret,
    X_API_URL: fakes.x.url,
    MASTODON_URL: fakes.mastodon.url,
    MASTODON_ACCESS_TOKEN: MASTODON_TOKEN,
    FETCH_ALLOW_PRIVATE: 'true',
    ...extra,
  };
}

export interface CrierUnderTest {
  config: Config;
  service: RunningService;
  url: string;
  prefix: string;
  editor(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }>;
  stop(): Promise<void>;
}

export async function startCrier(env: Record<string, string>, mode = { serve: true, work: true }): Promise<CrierUnderTest> {
  const config = configFrom(env);
  const service = await runService(config, { ...mode, adapters: (c, shared) => createAdapterProvider(c, shared) });
  const url = service.address ?? '';
  return {
    config,
    service,
    url,
    prefix: config.redisPrefix,
    async editor(method, path, body) {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${EDITOR_TOKEN}`, 'content-type': 'application/json', 'x-editor': 'alice' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as unknown };
    },
    async stop() {
      await service.stop();
    },
  };
}

export async function cleanup(prefix: string, dirs: string[] = []): Promise<void> {
  await dropKeys(prefix);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

export { randomPrefix };

/** Polls until `check` returns a value (not undefined/false) or the deadline passes. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/**
 * A post's BullMQ queue, through BullMQ's own API (getJob, getJobCounts), as crier names and
 * prefixes it: tests look at jobs this way, never at BullMQ's keys. Close it after use.
 */
export function publishQueue(redisPrefix: string, platform: PlatformId, account = 'default'): Queue<PublishJobData> {
  return new Queue<PublishJobData>(queueNameFor(platform, account), { connection: { url: REDIS_URL }, prefix: prefixes({ redisPrefix }).queue });
}

/**
 * When BullMQ will release a job: the due time in BullMQ's newest `delayed` event for it (public
 * QueueEvents, read from the start of the queue's event stream), or undefined if it never was
 * delayed. A custom event published first marks the end: everything before it has been read.
 */
export async function delayedUntil(queue: Pick<Queue, 'name' | 'opts'>, jobId: string): Promise<number | undefined> {
  const options = { connection: { url: REDIS_URL }, prefix: queue.opts.prefix };
  const marker = `end-of-look-${Math.random().toString(36).slice(2)}`;
  const producer = new QueueEventsProducer(queue.name, options);
  const events = new QueueEvents(queue.name, { ...options, lastEventId: '0', autorun: false });
  try {
    await producer.publishEvent({ eventName: marker });
    let due: number | undefined;
    events.on('delayed', (args) => {
      if (args.jobId === jobId) due = Number(args.delay);
    });
    // A custom event has no place in QueueEvents' typed listeners: listen as the EventEmitter it is.
    const emitter: EventEmitter = events;
    const reachedEnd = new Promise<void>((resolve) => emitter.once(marker, () => resolve()));
    void events.run();
    await reachedEnd;
    return due;
  } finally {
    await events.close();
    await producer.close();
  }
}

export interface Accepted {
  status: number;
  json: { duplicate?: boolean; action?: string; posts: { id: string; platform: string; state: string }[] };
}

/** POSTs a signed article event (an object, or the raw JSON text) to a crier's intake. */
export async function sendEvent(crier: Pick<CrierUnderTest, 'url'>, event: Record<string, unknown> | string): Promise<Accepted> {
  const body = typeof event === 'string' ? event : JSON.stringify(event);
  const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
  return { status: res.status, json: (await res.json()) as Accepted['json'] };
}

/**
 * Everything a delivery test runs, started on demand and torn down after each test (or after the
 * file with `per: 'file'`): the X and Mastodon fakes, thread templates, in-process criers,
 * `crier work` child processes, a PostStore on the test's prefix, and whatever else the test
 * registers with `onCleanup`. Keys go last, by the Redis fixture, once every process is down.
 */
export interface CrierWorld {
  readonly prefix: string;
  readonly redis: TestRedis;
  /** The test's PostStore, reading what the criers write. */
  readonly store: PostStore;
  fakes(): Promise<Fakes>;
  /** The delivery env for this test's prefix, fakes and thread templates. */
  env(extra?: Record<string, string>): Promise<Record<string, string>>;
  crier(env: Record<string, string>, mode?: { serve: boolean; work: boolean }): Promise<CrierUnderTest>;
  /** `crier work` as a child process; killed (woken first, if stopped) after the test. */
  worker(env: Record<string, string>): WorkerProcess;
  templates(): string;
  onCleanup(fn: () => Promise<void> | void): void;
}

export function useCrierWorld(options: { per?: 'test' | 'file' } = {}): CrierWorld {
  const redis = useRedis(options);
  let fakes: Promise<Fakes> | undefined;
  let templates: string | undefined;
  let store: PostStore | undefined;
  let cleanups: (() => Promise<void> | void)[] = [];
  const teardown = async () => {
    const pending = cleanups.reverse();
    cleanups = [];
    for (const fn of pending) await fn();
    fakes = undefined;
    templates = undefined;
    store = undefined;
  };
  if ((options.per ?? 'test') === 'test') afterEach(teardown);
  else afterAll(teardown);
  const world: CrierWorld = {
    get prefix() {
      return redis.prefix;
    },
    redis,
    get store() {
      store ??= new PostStore(redis.redis, { prefix: redis.keyPrefix });
      return store;
    },
    fakes() {
      if (!fakes) {
        fakes = startFakes();
        const started = fakes;
        world.onCleanup(async () => (await started).close());
      }
      return fakes;
    },
    templates() {
      if (!templates) {
        const dir = threadTemplatesDir();
        templates = dir;
        world.onCleanup(() => rmSync(dir, { recursive: true, force: true }));
      }
      return templates;
    },
    async env(extra = {}) {
      return deliveryEnv(redis.prefix, await world.fakes(), world.templates(), extra);
    },
    async crier(env, mode) {
      const crier = await startCrier(env, mode);
      world.onCleanup(() => crier.stop());
      return crier;
    },
    worker(env) {
      const w = spawnCrier(['work'], { ...env, PORT: '0' });
      world.onCleanup(async () => {
        if (w.child.exitCode === null && w.child.signalCode === null) {
          w.child.kill('SIGCONT');
          w.child.kill('SIGKILL');
        }
        await w.exited;
      });
      return w;
    },
    onCleanup(fn) {
      cleanups.push(fn);
    },
  };
  return world;
}
