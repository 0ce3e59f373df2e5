import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';

/** The one Redis fixture for every test: a real server, and a key prefix per test (or per file). */

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A fresh prefix, e.g. `crier-test-1a2b3c4d5e6f`: parallel test files and tests never see each
 * other's keys. Bare, as crier's REDIS_PREFIX takes it; stores that take a raw key prefix want
 * `${prefix}:` (TestRedis.keyPrefix).
 */
export function randomPrefix(): string {
  return `crier-test-${randomBytes(6).toString('hex')}`;
}

/** A connection as crier's workers make one: BullMQ refuses blocking clients with a retry limit. */
export function newRedis(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** Every key under the prefix, by SCAN (never KEYS, so a Redis shared by four engineers is not blocked). */
export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    found.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return found;
}

export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  const found = await keysUnder(redis, prefix);
  if (found.length > 0) await redis.del(...found);
}

/** For tests whose keys are written by another process (a crier under test): a connection just for the cleanup. */
export async function dropKeys(prefix: string): Promise<void> {
  const redis = newRedis();
  try {
    await deleteKeys(redis, prefix);
  } finally {
    redis.disconnect();
  }
}

export interface TestRedis {
  /** One connection for the file, opened before the first test. */
  readonly redis: Redis;
  /** Bare prefix for REDIS_PREFIX and services (`crier-test-<hex>`). */
  readonly prefix: string;
  /** `${prefix}:`, for stores that take a raw key prefix. */
  readonly keyPrefix: string;
  /** Every key under the prefix. */
  keys(): Promise<string[]>;
  /** Deletes every key under the prefix (also run after each test, or after the file with `per: 'file'`). */
  cleanup(): Promise<void>;
}

/**
 * Registers the hooks and returns the fixture; read its fields inside tests or hooks, not at
 * module level. `per: 'test'` (the default) gives each test a new prefix and cleans up after it;
 * `per: 'file'` keeps one prefix for the whole file, for tests that build on each other.
 */
export function useRedis(options: { per?: 'test' | 'file' } = {}): TestRedis {
  const per = options.per ?? 'test';
  let redis: Redis | undefined;
  let prefix: string | undefined;
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useRedis: ${what} is only there inside tests and hooks`);
    return value;
  };
  const fixture: TestRedis = {
    get redis() {
      return need(redis, 'the connection');
    },
    get prefix() {
      return need(prefix, 'the prefix');
    },
    get keyPrefix() {
      return `${need(prefix, 'the prefix')}:`;
    },
    keys: () => keysUnder(fixture.redis, fixture.prefix),
    cleanup: () => deleteKeys(fixture.redis, fixture.prefix),
  };
  beforeAll(() => {
    redis = newRedis();
    if (per === 'file') prefix = randomPrefix();
  });
  afterAll(async () => {
    if (per === 'file' && redis && prefix) await deleteKeys(redis, prefix);
    redis?.disconnect();
  });
  if (per === 'test') {
    beforeEach(() => {
      prefix = randomPrefix();
    });
    afterEach(async () => {
      await fixture.cleanup();
    });
  }
  return fixture;
}
