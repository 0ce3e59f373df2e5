import { createSafeFetcher } from '../platforms/http/safe-fetch.js';
import { FeedPoller } from '../sources/feeds/feed-poller.js';
import { FeedScheduler } from '../sources/feeds/feed-scheduler.js';
import { FeedStore } from '../sources/feeds/feed-store.js';
import { prefixes } from './services.js';
import type { SourcesOptions } from './start-sources.js';

/**
 * The feed scheduler and its poller, started. Its own module, imported only by a working process
 * with feeds configured: the feed parsers (feedsmith, fast-xml-parser) are not loaded otherwise.
 */
export async function startFeeds({ config, redis, submit, log }: Pick<SourcesOptions, 'config' | 'redis' | 'submit' | 'log'>): Promise<FeedScheduler> {
  const { store: storePrefix, queue: queuePrefix } = prefixes(config);
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
