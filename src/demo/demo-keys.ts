import { createRedis } from '../pipeline/redis-connection.js';

/** Deletes the demo's keys (SCAN, never KEYS, so a shared Redis is never blocked). */
export async function removeDemoKeys(url: string, prefix: string): Promise<number> {
  const redis = createRedis(url, { retryStrategy: () => null });
  redis.on('error', () => undefined);
  let removed = 0;
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length > 0) removed += await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return removed;
}
