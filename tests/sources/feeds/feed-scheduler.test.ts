import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { FEED_QUEUE, FeedScheduler } from '../../../src/sources/feeds/feed-scheduler.js';
import { feedArticleId } from '../../../src/sources/feeds/item-event.js';
import { RSS_TYPE } from '../../fakes/feed-server.js';
import { eventually } from '../../helpers/crier-harness.js';
import { newRedis } from '../../helpers/redis.js';
import { feedHarness, type FeedHarness } from './feed-harness.js';
import { rss, type RssItem } from './rss-builder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function harness(): Promise<FeedHarness> {
  const h = await feedHarness();
  cleanups.push(() => h.close());
  return h;
}

function connection(): Redis {
  const redis = newRedis();
  cleanups.push(async () => redis.disconnect());
  return redis;
}

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe('feed scheduler (BullMQ)', () => {
  it('polls through one job scheduler per feed shared by two workers: baseline first, then one new item posted once', async () => {
    const h = await harness();
    const base: RssItem[] = [
      { guid: 's-2', link: 'https://news.example.com/s2', title: 'Second', date: ago(30) },
      { guid: 's-1', link: 'https://news.example.com/s1', title: 'First', date: ago(60) },
    ];
    h.server.route('/feed', { kind: 'feed', body: rss(base), contentType: RSS_TYPE });
    const feed = h.feed('/feed', { intervalSeconds: 1 });
    const workers = [0, 1].map(
      () => new FeedScheduler({ connection: connection(), queuePrefix: `${h.prefix}:q`, feeds: [feed], poller: h.poller(), concurrency: 2 }),
    );
    for (const w of workers) cleanups.push(() => w.close());
    await Promise.all(workers.map((w) => w.start()));
    expect(workers.every((w) => w.running)).toBe(true);

    await eventually(async () => (await h.store.state(feed.id)).baselineAt, 20_000, 'the baseline poll');
    const queue = new Queue(FEED_QUEUE, { connection: connection(), prefix: `${h.prefix}:q` });
    cleanups.push(() => queue.close());
    expect((await queue.getJobSchedulers(0, -1)).map((s) => s.key)).toEqual([feed.id]);

    h.server.route('/feed', { kind: 'feed', body: rss([{ guid: 's-3', link: 'https://news.example.com/s3', title: 'Third', date: ago(1) }, ...base]), contentType: RSS_TYPE });
    const posts = await eventually(async () => {
      const found = await h.core.store.forArticle(feedArticleId(feed, 's-3'));
      return found.length > 0 && found;
    }, 20_000, 'posts for the new item');
    expect(posts).toHaveLength(3);
    // Let both workers poll several more times: still one event, still three posts.
    const polled = h.server.requestsFor('/feed').length;
    await eventually(() => h.server.requestsFor('/feed').length >= polled + 4, 20_000, 'four more polls');
    expect(h.events).toHaveLength(1);
    expect((await h.core.store.list({})).posts).toHaveLength(3);
  });

  it('removes the scheduler of a feed that left the configuration and keeps its seen set', async () => {
    const h = await harness();
    h.server.route('/a', { kind: 'feed', body: rss([{ guid: 'a-1', link: 'https://news.example.com/a1', title: 'A', date: ago(5) }]), contentType: RSS_TYPE });
    h.server.route('/b', { kind: 'feed', body: rss([{ guid: 'b-1', link: 'https://news.example.com/b1', title: 'B', date: ago(5) }]), contentType: RSS_TYPE });
    const a = h.feed('/a', { intervalSeconds: 60 });
    const b = h.feed('/b', { intervalSeconds: 60 });
    const first = new FeedScheduler({ connection: connection(), queuePrefix: `${h.prefix}:q`, feeds: [a, b], poller: h.poller() });
    await first.start();
    await eventually(async () => (await h.store.state(a.id)).baselineAt && (await h.store.state(b.id)).baselineAt, 20_000, 'both baselines');
    await first.close();

    const logged: string[] = [];
    const second = new FeedScheduler({ connection: connection(), queuePrefix: `${h.prefix}:q`, feeds: [a], poller: h.poller(), log: (event) => logged.push(event) });
    cleanups.push(() => second.close());
    await second.start();
    const queue = new Queue(FEED_QUEUE, { connection: connection(), prefix: `${h.prefix}:q` });
    cleanups.push(() => queue.close());
    expect((await queue.getJobSchedulers(0, -1)).map((s) => s.key)).toEqual([a.id]);
    expect(logged).toContain('feed.unscheduled');
    expect(await h.store.seenCount(b.id)).toBe(1);
  });
});
