import { configFrom } from '../../../src/config.js';
import type { ArticleEvent } from '../../../src/domain/article.js';
import { createSafeFetcher, type SafeFetcherOptions } from '../../../src/platforms/http/safe-fetch.js';
import { createCoreServices, type CoreServices } from '../../../src/service/services.js';
import { feedId, FEED_DEFAULTS, type FeedConfig } from '../../../src/sources/feeds/feed-config.js';
import { FeedPoller } from '../../../src/sources/feeds/feed-poller.js';
import { FeedStore } from '../../../src/sources/feeds/feed-store.js';
import { startFeedServer, type FeedServer } from '../../fakes/feed-server.js';
import { serviceEnv } from '../../helpers/service-env.js';
import { deleteKeys, newRedis, randomPrefix } from '../../helpers/redis.js';

export interface FeedHarness {
  prefix: string;
  core: CoreServices;
  server: FeedServer;
  /** Every event handed to the lifecycle, in order. */
  events: { event: ArticleEvent; by: string }[];
  store: FeedStore;
  feed(path: string, extra?: Partial<FeedConfig>): FeedConfig;
  /** A poller as one worker process has it: its own Redis connection, the real lifecycle behind submit. */
  poller(options?: { now?: () => number; fetch?: Partial<SafeFetcherOptions> }): FeedPoller;
  close(): Promise<void>;
}

/**
 * Real Redis (random prefix), the real lifecycle with three accounts (X, Bluesky, Mastodon) held for
 * ten minutes so nothing is delivered, the real safe fetcher, and a loopback publisher.
 */
export async function feedHarness(): Promise<FeedHarness> {
  const prefix = randomPrefix();
  const config = configFrom(serviceEnv(prefix, { HOLD_SECONDS: '600' }));
  const core = await createCoreServices(config);
  const server = await startFeedServer();
  const events: FeedHarness['events'] = [];
  const connections = [newRedis()];
  const store = new FeedStore(connections[0]!, `${prefix}:`);
  return {
    prefix,
    core,
    server,
    events,
    store,
    feed(path, extra = {}) {
      const url = `${server.url}${path}`;
      return { id: feedId(url), url, tags: [], priority: 'normal', ...FEED_DEFAULTS, ...extra };
    },
    poller(options = {}) {
      const redis = newRedis();
      connections.push(redis);
      return new FeedPoller({
        store: new FeedStore(redis, `${prefix}:`),
        fetch: createSafeFetcher({ allowPrivate: true, timeoutMs: 5000, maxBytes: 1_000_000, ...options.fetch }),
        submit: async (event, by) => {
          events.push({ event, by });
          return core.lifecycle.handle(event, by);
        },
        now: options.now,
      });
    },
    async close() {
      await server.close();
      await deleteKeys(connections[0]!, prefix);
      for (const c of connections) c.disconnect();
      await core.close();
    },
  };
}
