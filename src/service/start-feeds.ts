import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { createSafeFetcher } from '../platforms/http/safe-fetch.js';
import { FeedPoller, type SourceLog, type SubmitEvent } from '../sources/feeds/feed-poller.js';
import { FeedScheduler } from '../sources/feeds/feed-scheduler.js';
import { FeedStore } from '../sources/feeds/feed-store.js';

/**
 * The feed scheduler and its poller, started. Its own module, imported only by a working process
 * with feeds configured: the feed parsers (feedsmith, fast-xml-parser) are not loaded otherwise.
 */
export async function startFeeds(options: {
  config: Pick<Config, 'fetch' | 'sources'>;
  /** The reconnecting connection (the scheduler's BullMQ worker blocks on it). */
  redis: Redis;
  storePrefix: string;
  queuePrefix: string;
  submit: SubmitEvent;
  log: SourceLog;
}): Promise<FeedScheduler> {
  const { config, redis, storePrefix, queuePrefix, submit, log } = options;
  const fetch = createSafeFetcher({
    allowPrivate: config.fetch.allowPrivate,
    timeoutMs: config.fetch.timeoutMs,
    maxBytes: config.fetch.maxBytes,
    userAgent: 'crier feed poller',
  });
  const poller = new FeedPoller({ store: new FeedStore(redis, storePrefix), fetch, submit, log, lockTtlMs: config.fetch.timeoutMs * 2 + 60_000 });
  const scheduler = new FeedScheduler({ connection: redis, queuePrefix, feeds: config.sources.feeds, poller, log });
  await scheduler.start();
  return scheduler;
}
