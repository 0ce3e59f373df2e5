import { afterEach, describe, expect, it } from 'vitest';
import { feedHealth } from '../../../src/sources/feeds/feed-health.js';
import { feedArticleId } from '../../../src/sources/feeds/item-event.js';
import { fixture, RSS_TYPE } from '../../fakes/feed-server.js';
import { feedHarness, type FeedHarness } from './feed-harness.js';
import { rss, type RssItem } from './rss-builder.js';

const NOW = Date.parse('2025-08-26T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW - h * 3_600_000);
const clock = () => NOW;

const open: FeedHarness[] = [];
afterEach(async () => {
  for (const h of open.splice(0)) await h.close();
});
async function harness(): Promise<FeedHarness> {
  const h = await feedHarness();
  open.push(h);
  return h;
}

const base: RssItem[] = [
  { guid: 'p-3', link: 'https://news.example.com/c', title: 'Third story', date: hoursAgo(1) },
  { guid: 'p-2', link: 'https://news.example.com/b', title: 'Second story', date: hoursAgo(2) },
  { guid: 'p-1', link: 'https://news.example.com/a', title: 'First story', date: hoursAgo(3) },
];
const fresh: RssItem = { guid: 'p-4', link: 'https://news.example.com/d', title: 'Fourth story', body: 'Ministers met on Tuesday.', date: hoursAgo(0.5) };

function serve(h: FeedHarness, items: RssItem[], path = '/feed'): void {
  h.server.route(path, { kind: 'feed', body: rss(items), contentType: RSS_TYPE });
}

async function postsOf(h: FeedHarness, articleId: string) {
  return h.core.store.forArticle(articleId);
}

describe('feed polling', () => {
  it('makes the first poll a baseline: every item recorded, nothing posted, and the health record says so', async () => {
    const h = await harness();
    h.server.route('/wp', { kind: 'feed', body: fixture('wordpress-rss.xml'), contentType: RSS_TYPE });
    const feed = h.feed('/wp');
    const outcome = await h.poller({ now: clock }).poll(feed);
    expect(outcome.result).toBe('baseline');
    expect(h.events).toEqual([]);
    expect((await h.core.store.list({})).posts).toEqual([]);
    const [health] = await feedHealth(h.store, [feed]);
    expect(health).toMatchObject({ url: feed.url, status: 'ok', itemsSeen: 3, lastOutcome: 'baseline', failures: 0 });
    expect(health!.baselineAt).toBe(new Date(NOW).toISOString());
  });

  it('posts one new item once per account, by feed:<url>', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed');
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    const outcome = await poller.poll(feed);
    expect(outcome).toMatchObject({ result: 'ok', posted: 1, revised: 0 });
    expect(h.events).toHaveLength(1);
    const { event, by } = h.events[0]!;
    expect(by).toBe(`feed:${feed.url}`);
    expect(event.kind).toBe('publish');
    const articleId = feedArticleId(feed, 'p-4');
    if (event.kind === 'publish') expect(event.article).toMatchObject({ id: articleId, headline: 'Fourth story', url: 'https://news.example.com/d' });
    const posts = await postsOf(h, articleId);
    expect(posts.map((p) => `${p.platform}/${p.account}`).sort()).toEqual(['bluesky/default', 'mastodon/default', 'x/default']);
  });

  it('routes a feed to the accounts it names only', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed', { accounts: ['x/default', 'mastodon/default'] });
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    expect((await poller.poll(feed)).posted).toBe(1);
    const posts = await postsOf(h, feedArticleId(feed, 'p-4'));
    expect(posts.map((p) => `${p.platform}/${p.account}`).sort()).toEqual(['mastodon/default', 'x/default']);
  });

  it('keeps a private feed’s token out of the audit trail, the logs and the health record', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed?token=s3cret-t0ken');
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    const outcome = await poller.poll(feed);
    expect(h.server.requestsFor('/feed').every((r) => r.url === '/feed?token=s3cret-t0ken')).toBe(true);
    expect(outcome.feed).toBe(`${h.server.url}/feed?token=***`);
    expect(h.events.map((e) => e.by)).toEqual([`feed:${h.server.url}/feed?token=***`]);
    const [health] = await feedHealth(h.store, [feed]);
    expect(JSON.stringify(health)).not.toContain('s3cret');
    const article = await h.core.lifecycle.article(feedArticleId(feed, 'p-4'));
    expect(JSON.stringify(article)).not.toContain('s3cret');
  });

  it('posts a story that is in two feeds of one site once', async () => {
    const h = await harness();
    serve(h, base, '/section');
    serve(h, base, '/front');
    const section = h.feed('/section');
    const front = h.feed('/front');
    const poller = h.poller({ now: clock });
    await poller.poll(section);
    await poller.poll(front);
    serve(h, [fresh, ...base], '/section');
    serve(h, [fresh, base[0]!], '/front');
    expect((await poller.poll(section)).posted).toBe(1);
    expect((await poller.poll(front)).posted).toBe(1);
    const ids = h.events.map((e) => (e.event.kind === 'publish' ? e.event.article.id : ''));
    expect(new Set(ids).size).toBe(1);
    expect((await h.core.store.list({})).posts).toHaveLength(3);
    // Another site's item with the same guid is another article.
    expect(feedArticleId({ url: 'https://other.example.org/feed' }, 'p-4')).not.toBe(ids[0]);
  });

  it('never reposts on reordering, re-polling, a restart or a second worker', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed');
    await h.poller({ now: clock }).poll(feed);
    serve(h, [fresh, ...base]);
    await h.poller({ now: clock }).poll(feed);
    expect(h.events).toHaveLength(1);

    // The newest item no longer first (publishers re-sort by "updated", or pin a story).
    serve(h, [base[1]!, fresh, base[2]!, base[0]!]);
    expect((await h.poller({ now: clock }).poll(feed)).posted).toBe(0);
    // The same answer again: a 304 this time.
    expect((await h.poller({ now: clock }).poll(feed)).result).toBe('not_modified');
    // A restart: new connections, nothing in memory.
    serve(h, [...base, fresh]);
    const afterRestart = h.poller({ now: clock });
    expect((await afterRestart.poll(feed)).posted).toBe(0);
    // Two workers polling the same feed at the same moment.
    serve(h, [fresh, ...base]);
    const both = await Promise.all([h.poller({ now: clock }).poll(feed), h.poller({ now: clock }).poll(feed)]);
    expect(both.reduce((n, o) => n + o.posted, 0)).toBe(0);

    expect(h.events).toHaveLength(1);
    expect(await postsOf(h, feedArticleId(feed, 'p-4'))).toHaveLength(3);
  });

  it('lets only one of two workers poll a new item: the other is locked out or finds it seen', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed');
    await h.poller({ now: clock }).poll(feed);
    serve(h, [fresh, ...base]);
    const results = await Promise.all([1, 2, 3].map(() => h.poller({ now: clock }).poll(feed)));
    expect(results.reduce((n, o) => n + o.posted, 0)).toBe(1);
    expect(h.events).toHaveLength(1);
    // The lock itself: held by someone else, a poll does nothing.
    expect(await h.store.lock(feed.id, 'other-worker', 10_000)).toBe(true);
    expect((await h.poller({ now: clock }).poll(feed)).result).toBe('locked');
    await h.store.unlock(feed.id, 'other-worker');
    expect((await h.poller({ now: clock }).poll(feed)).result).not.toBe('locked');
  });

  it('makes an edited item a new revision of the same article, never a second post', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed');
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    await poller.poll(feed);
    serve(h, [{ ...fresh, title: 'Fourth story: ministers agree', body: 'Ministers met on Tuesday and agreed.' }, ...base]);
    const outcome = await poller.poll(feed);
    expect(outcome).toMatchObject({ posted: 0, revised: 1 });
    const [first, second] = h.events;
    expect(second?.event.kind).toBe('publish');
    if (first?.event.kind !== 'publish' || second?.event.kind !== 'publish') throw new Error('expected two publications');
    expect(second.event.article.id).toBe(first.event.article.id);
    expect(second.event.article.revision).not.toBe(first.event.article.revision);
    const posts = await postsOf(h, first.event.article.id);
    expect(posts).toHaveLength(3);
    // Held posts are recomposed in place from the new revision (lifecycle rules).
    expect(posts.map((p) => p.revision)).toEqual([second.event.article.revision, second.event.article.revision, second.event.article.revision]);
  });

  it('keeps the article when the GUID changes on edit (same link)', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed');
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    await poller.poll(feed);
    // Some CMSs mint a new GUID on every save.
    serve(h, [{ ...fresh, guid: 'p-4-rev-2', title: 'Fourth story (updated)' }, ...base]);
    const outcome = await poller.poll(feed);
    expect(outcome).toMatchObject({ posted: 0, revised: 1 });
    const ids = h.events.map((e) => (e.event.kind === 'publish' ? e.event.article.id : e.event.articleId));
    expect(ids).toEqual([feedArticleId(feed, 'p-4'), feedArticleId(feed, 'p-4')]);
    expect((await h.core.store.list({})).posts).toHaveLength(3);
    // And the new GUID is known from now on: the same answer again changes nothing.
    serve(h, [base[0]!, { ...fresh, guid: 'p-4-rev-2', title: 'Fourth story (updated)' }, base[1]!, base[2]!]);
    expect((await poller.poll(feed)).posted + (await poller.poll(feed)).revised).toBe(0);
  });

  it('posts nothing for a removed item or an item older than maxAgeHours, and says why', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed', { maxAgeHours: 24 });
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [base[0]!, base[2]!]);
    expect(await poller.poll(feed)).toMatchObject({ result: 'ok', posted: 0, withdrawn: 0 });
    // A backlog item that surfaces only now (a feed that grew its window, a re-dated import).
    serve(h, [base[0]!, { guid: 'old-1', link: 'https://news.example.com/old', title: 'From last week', date: hoursAgo(24 * 7) }, base[2]!]);
    const outcome = await poller.poll(feed);
    expect(outcome.posted).toBe(0);
    expect(outcome.skipped).toEqual([{ key: 'old-1', reason: 'older than maxAgeHours (24)' }]);
    expect(h.events).toEqual([]);
    const [health] = await feedHealth(h.store, [feed]);
    expect(health!.lastSkipped).toContain('older than maxAgeHours');
    // It stays seen: removed and back again, still nothing.
    serve(h, base);
    await poller.poll(feed);
    serve(h, [base[0]!, { guid: 'old-1', link: 'https://news.example.com/old', title: 'From last week', date: hoursAgo(24 * 7) }]);
    expect((await poller.poll(feed)).posted).toBe(0);
    expect(h.events).toEqual([]);
  });

  it('posts new items oldest first, whatever the document order, and undated items once', async () => {
    const h = await harness();
    h.server.route('/plain', { kind: 'feed', body: fixture('plain-rss.xml'), contentType: 'application/rss+xml; charset=ISO-8859-1' });
    const feed = h.feed('/plain');
    const poller = h.poller({ now: clock });
    expect((await poller.poll(feed)).result).toBe('baseline');
    const older = { guid: 'n-1', link: 'https://news.example.com/n1', title: 'Older new story', date: hoursAgo(2) };
    const newer = { guid: 'n-2', link: 'https://news.example.com/n2', title: 'Newer new story', date: hoursAgo(1) };
    const undated = { link: 'https://news.example.com/n3?utm_source=rss', title: 'Undated story' };
    h.server.route('/plain', { kind: 'feed', body: rss([newer, undated, older]), contentType: RSS_TYPE });
    expect((await poller.poll(feed)).posted).toBe(3);
    const headlines = h.events.map((e) => (e.event.kind === 'publish' ? e.event.article.headline : ''));
    expect(headlines).toEqual(['Older new story', 'Newer new story', 'Undated story']);
    // The undated item is known by its normalised link; utm_* gone, it is still the same item.
    h.server.route('/plain', { kind: 'feed', body: rss([newer, { ...undated, link: 'https://news.example.com/n3?utm_source=twitter#top' }, older]), contentType: RSS_TYPE });
    expect((await poller.poll(feed)).posted).toBe(0);
    expect(h.events).toHaveLength(3);
  });

  it('answers 304s: sends If-None-Match, or If-Modified-Since when there is no ETag, and changes nothing', async () => {
    const h = await harness();
    serve(h, base, '/etag');
    h.server.route('/dated', { kind: 'feed', body: rss(base), contentType: RSS_TYPE, etag: false, lastModified: 'Tue, 26 Aug 2025 11:00:00 GMT' });
    const poller = h.poller({ now: clock });
    for (const path of ['/etag', '/dated']) {
      const feed = h.feed(path);
      expect((await poller.poll(feed)).result).toBe('baseline');
      expect((await poller.poll(feed)).result).toBe('not_modified');
    }
    const [, second] = h.server.requestsFor('/etag');
    expect(second!.headers['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    expect(h.server.requestsFor('/dated')[1]!.headers['if-modified-since']).toBe('Tue, 26 Aug 2025 11:00:00 GMT');
    // The very first poll sends no validators: a 304 must never stand in for the baseline.
    expect(h.server.requestsFor('/etag')[0]!.headers['if-none-match']).toBeUndefined();
    const [health] = await feedHealth(h.store, [h.feed('/etag')]);
    expect(health).toMatchObject({ lastOutcome: 'not_modified', itemsSeen: 3, status: 'ok' });
    expect(h.events).toEqual([]);
  });

  it('refuses a feed that turns malformed, huge or redirects to a private address, reports it, and keeps its seen set', async () => {
    const h = await harness();
    serve(h, base);
    // The clock jumps a day per case to get past the backoff; a year keeps the new item young enough.
    const feed = h.feed('/feed', { maxAgeHours: 24 * 365 });
    let now = NOW;
    // Private addresses refused except the test server itself, named by its IP literal.
    const poller = h.poller({ now: () => now, fetch: { allowPrivate: false, trustedHosts: ['127.0.0.1'], maxBytes: 64 * 1024 } });
    expect((await poller.poll(feed)).result).toBe('baseline');
    const later = () => (now += 24 * 3_600_000);

    const cases: [string, () => void, RegExp][] = [
      ['malformed', () => h.server.route('/feed', { kind: 'feed', body: rss([fresh, ...base]).slice(0, 400), contentType: RSS_TYPE }), /not an RSS, Atom or JSON feed/],
      ['html', () => h.server.route('/feed', { kind: 'feed', body: '<!doctype html><html><body>Maintenance</body></html>', contentType: 'text/html' }), /looks like an HTML page/],
      ['huge', () => h.server.route('/feed', { kind: 'feed', body: rss([{ ...fresh, body: 'x'.repeat(100_000) }, ...base]), contentType: RSS_TYPE }), /larger than 65536 bytes/],
      ['private redirect', () => h.server.route('/feed', { kind: 'redirect', location: `http://localhost:${h.server.port}/elsewhere` }), /private or reserved address/],
      ['server error', () => h.server.route('/feed', { kind: 'status', status: 503 }), /answered 503/],
    ];
    for (const [name, breakIt, reason] of cases) {
      breakIt();
      later();
      const outcome = await poller.poll(feed);
      expect(outcome.result, name).toBe('failed');
      expect(outcome.error, name).toMatch(reason);
      const [health] = await feedHealth(h.store, [feed]);
      expect(health, name).toMatchObject({ status: 'failing', itemsSeen: 3 });
      expect(health!.lastError, name).toMatch(reason);
    }
    expect(h.events).toEqual([]);
    // Back to normal: the seen set was kept, so only the new item is posted.
    serve(h, [fresh, ...base]);
    later();
    expect(await poller.poll(feed)).toMatchObject({ result: 'ok', posted: 1 });
    const [health] = await feedHealth(h.store, [feed]);
    expect(health).toMatchObject({ status: 'ok', failures: 0, itemsSeen: 4 });
    expect(health!.lastError).toBeUndefined();
  });

  it('backs off after failures: 0, 1, 3 intervals skipped, then polls normally once it works', async () => {
    const h = await harness();
    h.server.route('/feed', { kind: 'status', status: 500 });
    const feed = h.feed('/feed', { intervalSeconds: 60 });
    let now = NOW;
    const poller = h.poller({ now: () => now });
    const step = () => (now += 60_000);
    const results: string[] = [];
    for (let i = 0; i < 8; i++) {
      results.push((await poller.poll(feed)).result);
      step();
    }
    expect(results).toEqual(['failed', 'failed', 'backoff', 'failed', 'backoff', 'backoff', 'backoff', 'failed']);
    const [health] = await feedHealth(h.store, [feed]);
    expect(health!.failures).toBe(4);
    serve(h, base);
    while ((await poller.poll(feed)).result === 'backoff') step();
    expect((await feedHealth(h.store, [feed]))[0]).toMatchObject({ status: 'ok', failures: 0, lastOutcome: 'baseline' });
  });
});

describe('withdrawing removed items (withdrawRemoved)', () => {
  it('withdraws a posted item taken out while older items stay, but not one that scrolled out of the window', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed', { withdrawRemoved: true });
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    await poller.poll(feed);
    // The newest item is pulled (legal, error) while the older ones stay: taken out, not scrolled out.
    serve(h, base);
    const outcome = await poller.poll(feed);
    expect(outcome.withdrawn).toBe(1);
    expect(h.events[1]).toEqual({ event: { kind: 'withdraw', articleId: feedArticleId(feed, 'p-4'), status: 'unpublished' }, by: `feed:${feed.url}` });
    const posts = await postsOf(h, feedArticleId(feed, 'p-4'));
    expect(posts.every((p) => p.state === 'cancelled')).toBe(true);

    // A posted item that falls off the end of a short window is not withdrawn.
    const fifth = { guid: 'p-5', link: 'https://news.example.com/e', title: 'Fifth story', date: hoursAgo(0.25) };
    serve(h, [fifth, ...base]);
    await poller.poll(feed);
    const sixth = { guid: 'p-6', link: 'https://news.example.com/f', title: 'Sixth story', date: hoursAgo(0.1) };
    serve(h, [sixth]);
    const scrolled = await poller.poll(feed);
    expect(scrolled).toMatchObject({ posted: 1, withdrawn: 0 });
    expect(h.events.filter((e) => e.event.kind === 'withdraw')).toHaveLength(1);
  });

  it('is off by default: a removed posted item is left alone', async () => {
    const h = await harness();
    serve(h, base);
    const feed = h.feed('/feed');
    const poller = h.poller({ now: clock });
    await poller.poll(feed);
    serve(h, [fresh, ...base]);
    await poller.poll(feed);
    serve(h, base);
    expect((await poller.poll(feed)).withdrawn).toBe(0);
    expect(h.events.map((e) => e.event.kind)).toEqual(['publish']);
  });
});
