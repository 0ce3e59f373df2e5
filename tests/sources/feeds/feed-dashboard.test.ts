import { afterEach, describe, expect, it } from 'vitest';
import { configFrom } from '../../../src/config.js';
import { dashboardDepsFor } from '../../../src/dashboard/dashboard-setup.js';
import { EditorStore } from '../../../src/editors/editor-store.js';
import { SignInLimiter } from '../../../src/editors/sign-in-limiter.js';
import { buildApp } from '../../../src/http/app.js';
import { createCoreServices, prefixes } from '../../../src/service/services.js';
import { FeedPoller } from '../../../src/sources/feeds/feed-poller.js';
import { FeedStore } from '../../../src/sources/feeds/feed-store.js';
import { createSafeFetcher } from '../../../src/platforms/http/safe-fetch.js';
import { RSS_TYPE, startFeedServer } from '../../fakes/feed-server.js';
import { serviceEnv } from '../../helpers/service-env.js';
import { deleteKeys, randomPrefix } from '../../helpers/redis.js';
import { PASSWORDS, SESSION_SECRET, TEST_LIMITS, textOf, Visitor } from '../../dashboard/dashboard-harness.js';
import { rss } from './rss-builder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('feed health on the dashboard', () => {
  it('shows each feed on the health page: baseline, failing with the error, items seen', async () => {
    const server = await startFeedServer();
    cleanups.push(() => server.close());
    server.route('/ok', { kind: 'feed', body: rss([{ guid: 'g1', link: 'https://news.example.com/1', title: 'One', date: new Date() }]), contentType: RSS_TYPE });
    server.route('/down', { kind: 'status', status: 503 });
    const prefix = randomPrefix();
    const config = configFrom(serviceEnv(prefix, { SESSION_SECRET, FEED_URLS: `${server.url}/ok,${server.url}/down` }));
    const core = await createCoreServices(config);
    cleanups.push(async () => {
      await deleteKeys(core.redis, prefix);
      await core.close();
    });
    const store = prefixes(config).store;
    const feedStore = new FeedStore(core.requestRedis, store);
    const poller = new FeedPoller({ store: feedStore, fetch: createSafeFetcher({ allowPrivate: true, timeoutMs: 5000, maxBytes: 100_000 }), submit: (e, by) => core.lifecycle.handle(e, by) });
    for (const feed of config.sources.feeds) await poller.poll(feed);
    const app = buildApp({
      config,
      lifecycle: core.lifecycle,
      store: core.store,
      queues: core.queues,
      redisReady: () => core.requestRedis.status === 'ready',
      dashboard: { ...dashboardDepsFor(config, core.requestRedis, store, core.articles), signInLimiter: new SignInLimiter(core.requestRedis, store, TEST_LIMITS) },
      sources: { ghost: config.sources.ghost, enqueue: async () => 'unused', feeds: config.sources.feeds, feedStore },
    });
    cleanups.push(() => app.close());
    await new EditorStore(core.requestRedis, store).add('alice', PASSWORDS.alice, 'editor');
    const alice = new Visitor(app);
    await alice.signIn('alice');
    const page = textOf((await alice.get('/health')).body);
    expect(page).toContain(`${server.url}/ok Baseline recorded: nothing posted from the backlog`);
    expect(page).toMatch(new RegExp(`${server.url}/down Failing \\(1 in a row\\): 127\\.0\\.0\\.1 answered 503; next try`));
  });
});
