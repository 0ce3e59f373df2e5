import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A random prefix per test, so parallel test files never see each other's keys. */
export function randomPrefix(): string {
  return `crier-test-${randomBytes(6).toString('hex')}`;
}

export function newRedis(url = REDIS_URL): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}

/** Deletes every key under the prefix (SCAN, never KEYS, so a shared Redis is not blocked). */
export async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
