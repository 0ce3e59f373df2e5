import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** A real Redis connection and a key prefix of its own, so tests never see each other's keys. */
export interface RedisFixture {
  redis: Redis;
  prefix: string;
  keys(): Promise<string[]>;
  cleanup(): Promise<void>;
}

export function redisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

export function connect(): Redis {
  return new Redis(redisUrl(), { maxRetriesPerRequest: 1, lazyConnect: false });
}

export function fixture(redis: Redis): RedisFixture {
  const prefix = `crier-test:${randomBytes(6).toString('hex')}:`;
  const keys = async (): Promise<string[]> => {
    const found: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      found.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    return found;
  };
  return {
    redis,
    prefix,
    keys,
    async cleanup() {
      const found = await keys();
      if (found.length > 0) await redis.del(...found);
    },
  };
}

/** Hooks for a test file: one connection for the file, a fixture of its own per test, emptied after it. */
export function useFixture(): () => RedisFixture {
  let redis: Redis;
  let fx: RedisFixture;
  beforeAll(() => {
    redis = connect();
  });
  afterAll(async () => {
    await redis.quit();
  });
  beforeEach(() => {
    fx = fixture(redis);
  });
  afterEach(async () => {
    await fx.cleanup();
  });
  return () => fx;
}
