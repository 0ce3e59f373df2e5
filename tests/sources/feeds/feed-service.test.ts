import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RSS_TYPE, startFeedServer } from '../../fakes/feed-server.js';
import { cleanup, deliveryEnv, eventually, randomPrefix, startCrier, startFakes } from '../../helpers/crier-harness.js';
import { rss, type RssItem } from './rss-builder.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface FeedView {
  url: string;
  status: string;
  lastOutcome?: string;
  itemsSeen: number;
}

describe('feeds in the running service (crier start)', () => {
  it('polls FEEDS_FILE through the service: baseline first, then the new item delivered once to every account', { timeout: 180_000 }, async () => {
    const publisher = await startFeedServer();
    cleanups.push(() => publisher.close());
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    const base: RssItem[] = [
      { guid: 'svc-2', link: 'https://news.example.com/svc-2', title: 'Harbour wall approved', date: ago(20) },
      { guid: 'svc-1', link: 'https://news.example.com/svc-1', title: 'Ferry timetable changes', date: ago(40) },
    ];
    publisher.route('/feed', { kind: 'feed', body: rss(base), contentType: RSS_TYPE });
    const dir = mkdtempSync(join(tmpdir(), 'crier-feeds-'));
    const feedsFile = join(dir, 'feeds.json');
    writeFileSync(feedsFile, JSON.stringify([{ url: `${publisher.url}/feed`, intervalSeconds: 30, section: 'Local' }]));

    const fakes = await startFakes();
    cleanups.push(() => fakes.close());
    const prefix = randomPrefix();
    cleanups.push(() => cleanup(prefix, [dir]));
    const crier = await startCrier(deliveryEnv(prefix, fakes, 'templates', { FEEDS_FILE: feedsFile }));
    cleanups.push(() => crier.stop());

    const baseline = await eventually(async () => {
      const { json } = await crier.editor('GET', '/v1/feeds');
      const [feed] = (json as { feeds: FeedView[] }).feeds;
      return feed?.lastOutcome === 'baseline' && feed;
    }, 30_000, 'the baseline poll');
    expect(baseline).toMatchObject({ status: 'ok', itemsSeen: 2 });
    expect(fakes.x.tweets).toEqual([]);

    publisher.route('/feed', { kind: 'feed', body: rss([{ guid: 'svc-3', link: 'https://news.example.com/svc-3', title: 'Tram line opens to the harbour', date: ago(1) }, ...base]), contentType: RSS_TYPE });
    // The next scheduled poll comes within intervalSeconds; delivery follows at once (no hold).
    await eventually(() => fakes.x.tweets.length > 0 && fakes.mastodon.statuses.length > 0, 90_000, 'the posts on X and Mastodon');
    expect(fakes.x.tweets.map((t) => t.sentText)).toEqual([expect.stringContaining('Tram line opens to the harbour')]);
    expect(fakes.mastodon.statuses.map((s) => s.text)).toEqual([expect.stringContaining('Tram line opens to the harbour')]);
    const { json } = await crier.editor('GET', '/v1/feeds');
    expect((json as { feeds: FeedView[] }).feeds[0]).toMatchObject({ status: 'ok', itemsSeen: 3 });
  });
});
