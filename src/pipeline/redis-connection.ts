import { Redis, type RedisOptions } from 'ioredis';
import { RedisUnavailableError } from '../domain/errors/index.js';

/** REDIS_URL without its password, for messages and logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable REDIS_URL)';
  }
}

/**
 * A connection BullMQ can share: workers block on Redis, so commands must wait for a reconnect
 * instead of failing after a few retries (`maxRetriesPerRequest: null`).
 */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, ...options });
}

/** Connects and pings once, failing fast with an error that names REDIS_URL. */
export async function connectRedis(url: string, timeoutMs = 5000): Promise<Redis> {
  const redis = createRedis(url, { retryStrategy: () => null, connectTimeout: timeoutMs });
  // Without a listener ioredis reports connection errors as unhandled events.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const reason = error instanceof Error ? error.message : String(error);
    throw new RedisUnavailableError(`cannot reach Redis at ${redactRedisUrl(url)} (REDIS_URL): ${reason}`, { cause: error });
  }
  redis.disconnect();
  // The connection the service keeps reconnects forever: a Redis restart must not kill the process.
  const kept = createRedis(url);
  kept.on('error', () => undefined);
  await kept.connect();
  return kept;
}
