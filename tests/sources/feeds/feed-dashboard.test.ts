import { afterEach, describe, expect, it } from 'vitest';
import { EditorStore } from '../../../src/editors/editor-store.js';
import { FeedPoller } from '../../../src/sources/feeds/feed-poller.js';
import { FeedStore } from '../../../src/sources/feeds/feed-store.js';
import { createSafeFetcher } from '../../../src/platforms/http/safe-fetch.js';
import { RSS_TYPE, startFeedServer } from '../../fakes/feed-server.js';
import { dashboardDeps, PASSWORDS, SESSION_SECRET, textOf, Visitor } from '../../dashboard/dashboard-harness.js';
import { useApps } from '../../helpers/app-harness.js';
import { rss } from './rss-builder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});
const startApp = useApps();

describe('feed health on the dashboard', () => {
  it('shows each feed on the health page: baseline, failing with the error, items seen', async () => {
    const server = await startFeedServer();
    cleanups.push(() => server.close());
    server.route('/ok', { kind: 'feed', body: rss([{ guid: 'g1', link: 'https://news.example.com/1', title: 'One', date: new Date() }]), contentType: RSS_TYPE });
    server.route('/down', { kind: 'status', status: 503 });
    const { app, core, storePrefix } = await startApp({
      env: { SESSION_SECRET, FEED_URLS: `${server.url}/ok,${server.url}/down` },
      deps: async ({ config, core, storePrefix }) => {
        // The feeds are polled once before the app exists, as the service's scheduler would have.
        const feedStore = new FeedStore(core.requestRedis, storePrefix);
        const poller = new FeedPoller({ store: feedStore, fetch: createSafeFetcher({ allowPrivate: true, timeoutMs: 5000, maxBytes: 100_000 }), submit: (e, by) => core.lifecycle.handle(e, by) });
        for (const feed of config.sources.feeds) await poller.poll(feed);
        return {
          dashboard: dashboardDeps(config, core, storePrefix),
          sources: { ghost: config.sources.ghost, enqueue: async () => 'unused', feeds: config.sources.feeds, feedStore },
        };
      },
    });
    await new EditorStore(core.requestRedis, storePrefix).add('alice', PASSWORDS.alice, 'editor');
    const alice = new Visitor(app);
    await alice.signIn('alice');
    const page = textOf((await alice.get('/health')).body);
    expect(page).toContain(`${server.url}/ok Baseline recorded: nothing posted from the backlog`);
    expect(page).toMatch(new RegExp(`${server.url}/down Failing \\(1 in a row\\): 127\\.0\\.0\\.1 answered 503; next try`));
  });
});
