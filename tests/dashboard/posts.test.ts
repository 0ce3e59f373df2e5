import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/posts/post.js';
import { OwnRedisServer } from '../helpers/redis-server.js';
import { untilClient } from '../helpers/wait.js';
import { EDITOR_TOKEN } from '../helpers/service-env.js';
import { on, publish, startDashboard, textOf, Visitor, type Dashboard, type Summary } from './dashboard-harness.js';

let dash: Dashboard;
let alice: Visitor;
let counter = 0;
beforeAll(async () => {
  dash = await startDashboard();
  alice = new Visitor(dash.app);
  await alice.signIn('alice');
});
afterAll(async () => {
  await dash.close();
});

/** A fresh article (all three posts waiting for review). */
async function article(overrides: Record<string, unknown> = {}): Promise<Summary[]> {
  counter += 1;
  return publish(dash.app, { id: `dash-article-${counter}`, url: `https://southasiandesk.com/a/${counter}`, ...overrides });
}

const get = (id: string) => dash.core.store.get(id);

describe('the queue', () => {
  it('lists posts needing review first, with the headline and platform, and the polled fragment matches', async () => {
    await article({ headline: 'Normal news from before' });
    const posts = await article({ priority: 'breaking', headline: 'Quake hits the capital' });
    const page = await alice.get('/');
    expect(page.statusCode).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Needs review');
    expect(text).toContain('Quake hits the capital');
    expect(page.body).toContain(`href="/posts/${on(posts, 'bluesky').id}"`);
    expect(page.body).toMatch(/hx-get="\/queue\/rows" hx-trigger="every 5s"/);
    expect(text).toMatch(/Needs an editor: \d+ waiting for review/);
    const rows = await alice.get('/queue/rows');
    expect(rows.statusCode).toBe(200);
    expect(rows.body).not.toContain('<html');
    expect(rows.body).toContain(`href="/posts/${on(posts, 'x').id}"`);
    // Breaking news is marked and heads its group, ahead of a normal article that came in earlier.
    const review = textOf(rows.body.slice(rows.body.indexOf('id="g-review"')));
    expect(review).toMatch(/^[^]*?Breaking (X|Bluesky|Mastodon) Quake hits the capital/);
    const firstRow = review.indexOf('Quake hits the capital');
    const normalRow = review.indexOf('Normal news from before');
    expect(normalRow).toBeGreaterThan(firstRow);
  });

  it('filters by state, platform and article', async () => {
    const posts = await article({ headline: 'Filter me please' });
    const bluesky = await alice.get(`/?platform=bluesky&article=${encodeURIComponent(`dash-article-${counter}`)}`);
    expect(bluesky.body).toContain(`/posts/${on(posts, 'bluesky').id}`);
    expect(bluesky.body).not.toContain(`/posts/${on(posts, 'x').id}`);
    const published = await alice.get('/?state=published');
    expect(published.body).not.toContain(`/posts/${on(posts, 'x').id}`);
    expect(published.body).toMatch(/hx-get="\/queue\/rows\?state=published"/);
    const section = await alice.get('/?section=south%20asia');
    expect(section.body).toContain(`/posts/${on(posts, 'x').id}`);
    const otherSection = await alice.get('/?section=sport');
    expect(otherSection.body).not.toContain(`/posts/${on(posts, 'x').id}`);
  });

  it('shows a failed post with its reason in words', async () => {
    const posts = await article({ headline: 'This one fails' });
    const x = on(posts, 'x');
    await dash.core.store.transition(x.id, 'scheduled', { by: 'test' });
    await dash.core.store.transition(x.id, 'publishing', { by: 'test' });
    await dash.core.store.transition(x.id, 'failed', {
      by: 'worker:test',
      patch: { lastError: { kind: 'AuthError', message: '401 Unauthorized', at: new Date().toISOString() } },
    });
    const text = textOf((await alice.get('/?state=failed')).body);
    expect(text).toContain('Failed and partly published');
    expect(text).toContain('the platform refused the account’s credentials: check them, then retry (401 Unauthorized)');
    const health = textOf((await alice.get('/health')).body);
    expect(health).toMatch(/X · default Refused by X since .*check the credentials/);
    expect(health).toContain('This one fails');
  });
});

describe('health', () => {
  it('shows the start-up credential check for accounts that have sent nothing yet', async () => {
    const other = await startDashboard({}, undefined, {
      accountChecks: () => [
        { platform: 'x', account: 'default', status: 'refused', detail: '401 Unauthorized', checkedAt: new Date().toISOString() },
        { platform: 'mastodon', account: 'default', status: 'ok', identity: '@news@example.social', checkedAt: new Date().toISOString() },
      ],
    });
    try {
      const v = new Visitor(other.app);
      await v.signIn('alice');
      const text = textOf((await v.get('/health')).body);
      expect(text).toContain('X · default Refused at start-up: 401 Unauthorized');
      expect(text).toMatch(/Mastodon · default Signed in as @news@example.social \(.+\); nothing sent yet/);
      expect(text).toContain('Bluesky · default Configured; nothing sent yet');
    } finally {
      await other.close();
    }
  }, 60_000);

  it('shows an account paused by a rate limit until when, and its queue depth', async () => {
    const posts = await article({ headline: 'Waiting behind a rate limit' });
    const m = on(posts, 'mastodon');
    const post = await get(m.id);
    await alice.post(`/posts/${m.id}/approve`, { version: String(post.version) });
    const queue = dash.core.queues.queue('mastodon', 'default');
    await queue.rateLimit(15 * 60_000);
    try {
      const page = await alice.get('/health');
      expect(page.statusCode).toBe(200);
      const row = textOf(page.body).match(/Mastodon · default .*?(?=X · default|Bluesky · default|Last failures)/)?.[0] ?? '';
      const paused = /Paused by the platform until \d{1,2} \w{3} \d{4}, \d{2}:\d{2} (\d+) (\d+) (\d+)/.exec(row);
      expect(paused, row).not.toBeNull();
      // Waiting + scheduled later: the approved post is on the queue, held back by the pause.
      expect(Number(paused![1]) + Number(paused![2])).toBeGreaterThanOrEqual(1);
    } finally {
      await queue.removeRateLimitKey();
    }
  });
});

describe('a post', () => {
  it('previews each platform as it will go out: Bluesky with its link card, X and Mastodon with the image and its alt text', async () => {
    const posts = await article({ image: { url: 'https://southasiandesk.com/photo.jpg', alt: 'Wang Yi and Ishaq Dar shake hands' } });
    const bskyPage = await alice.get(`/posts/${on(posts, 'bluesky').id}`);
    expect(bskyPage.statusCode).toBe(200);
    // The post's own preview comes first; the article's other platforms follow it.
    const bsky = { body: bskyPage.body.slice(bskyPage.body.indexOf('<figure'), bskyPage.body.indexOf('</figure>')) };
    const record = await get(on(posts, 'bluesky').id);
    expect(bsky.body).toContain('class="preview look-bluesky"');
    expect(bsky.body).toMatch(/<div class="card">/);
    expect(textOf(bsky.body)).toContain(record.draft.link.title);
    expect(bsky.body).not.toContain('<div class="media">');
    const first = record.draft.parts[0]!;
    expect(textOf(bsky.body)).toContain(`${first.length} / ${first.limit}`);

    const x = await alice.get(`/posts/${on(posts, 'x').id}`);
    expect(x.body).toContain('class="preview look-x"');
    expect(x.body).toContain('alt="Wang Yi and Ishaq Dar shake hands"');
    expect(textOf(x.body)).toContain('ALT Wang Yi and Ishaq Dar shake hands');
    // The other platforms' previews of the same article are on the page too.
    expect(x.body).toContain('class="preview look-mastodon"');
    expect(x.body).toContain('class="preview look-bluesky"');
  });

  it('counts a part with the platform’s own counter, live, and marks text over the limit', async () => {
    const posts = await article();
    const x = on(posts, 'x');
    // X weighs CJK characters double: 10 of them count 20.
    const cjk = await alice.post(`/posts/${x.id}/count`, { part: ['あ'.repeat(10)], index: '0' }, { 'hx-request': 'true' });
    expect(cjk.statusCode).toBe(200);
    expect(cjk.body).toMatch(/<output id="count-0" class="count" aria-live="polite">20 \/ 280<\/output>/);
    const over = await alice.post(`/posts/${x.id}/count`, { part: ['first', 'y'.repeat(300)], index: '1' });
    expect(over.body).toMatch(/id="count-1" class="count over"[^>]*>300 \/ 280 · 20 over the limit</);
    const m = on(posts, 'mastodon');
    // Mastodon counts any URL as 23.
    const url = await alice.post(`/posts/${m.id}/count`, { part: [`see https://example.com/${'a'.repeat(100)}`], index: '0' });
    expect(url.body).toContain('>27 / 500<');
  });

  it('saves an edit, records who and the text before and after, and accepts the same through the JSON API with parts as GET returns them', async () => {
    const posts = await article();
    const id = on(posts, 'mastodon').id;
    const before = await get(id);
    const texts = before.draft.parts.map((p) => p.text);
    const edited = [`${texts[0]} (edited on the desk)`, ...texts.slice(1)];
    const res = await alice.post(`/posts/${id}/edit`, { version: String(before.version), part: edited.map((t) => t.replace(/\n/g, '\r\n')) });
    expect(res.statusCode).toBe(303);
    const after = await get(id);
    expect(after.draft.parts.map((p) => p.text)).toEqual(edited);
    const history = await dash.core.store.history(id);
    expect(history.at(-1)).toMatchObject({ by: 'editor:alice', reason: 'edited parts' });
    const page = await alice.get(`/posts/${id}`);
    expect(textOf(page.body)).toContain('Saved.');
    expect(page.body).toMatch(/<del><span class="visually-hidden">before: <\/span>[^<]*<\/del><ins><span class="visually-hidden">after: <\/span>[^<]*\(edited on the desk\)<\/ins>/);

    const json = await dash.app.inject({ method: 'GET', url: `/v1/posts/${id}`, headers: { authorization: `Bearer ${EDITOR_TOKEN}` } });
    const { post } = json.json<{ post: PostRecord }>();
    const parts = post.draft.parts.map((p, i) => (i === 0 ? { ...p, text: `${p.text}!` } : p));
    const patch = await dash.app.inject({
      method: 'PATCH',
      url: `/v1/posts/${id}`,
      headers: { authorization: `Bearer ${EDITOR_TOKEN}`, 'content-type': 'application/json', 'x-editor': 'bob' },
      payload: JSON.stringify({ version: post.version, parts }),
    });
    expect(patch.statusCode).toBe(200);
    expect((await get(id)).draft.parts[0]!.text).toBe(`${edited[0]}!`);
  });

  it('refuses text over the limit and keeps what the editor typed on the page', async () => {
    const posts = await article();
    const id = on(posts, 'x').id;
    const before = await get(id);
    const res = await alice.post(`/posts/${id}/edit`, { version: String(before.version), part: ['z'.repeat(281)] });
    expect(res.statusCode).toBe(422);
    const text = textOf(res.body);
    expect(text).toContain('Not saved: fix the parts marked below.');
    expect(text).toContain('281 is over the limit of 280 as x counts');
    expect(res.body).toContain('z'.repeat(281));
    expect((await get(id)).version).toBe(before.version);
  });

  it('shows a conflict plainly when someone else changed the post, with the refused text', async () => {
    const posts = await article();
    const id = on(posts, 'x').id;
    const before = await get(id);
    await dash.core.store.editParts(id, ['Changed by Bob first'], { by: 'editor:bob', expectedVersion: before.version });
    const res = await alice.post(`/posts/${id}/edit`, { version: String(before.version), part: ['Alice’s late edit'] });
    expect(res.statusCode).toBe(409);
    const text = textOf(res.body);
    expect(text).toContain('Someone else changed this post while you had it open (editor:bob');
    expect(text).toContain('Your change was not saved.');
    expect(text).toContain('Your text (not saved) Alice’s late edit');
    expect(res.body).toContain('>Changed by Bob first</textarea>');
    expect(res.headers['content-type']).toMatch(/text\/html/);

    const approve = await alice.post(`/posts/${id}/approve`, { version: String(before.version) });
    expect(approve.statusCode).toBe(409);
    expect(textOf(approve.body)).toContain('Someone else changed this post');
    expect((await get(id)).state).toBe('pending_review');
  });

  it('approves (queued on BullMQ), holds and cancels, each recorded under the editor’s name', async () => {
    const posts = await article();
    const x = on(posts, 'x');
    let post = await get(x.id);
    expect((await alice.post(`/posts/${x.id}/approve`, { version: String(post.version) })).statusCode).toBe(303);
    post = await get(x.id);
    expect(post.state).toBe('scheduled');
    const job = await dash.core.queues.queue('x', 'default').getJob(x.id);
    expect(job).toBeDefined();
    expect(textOf((await alice.get(`/posts/${x.id}`)).body)).toContain('Approved: it goes out at its time.');

    expect((await alice.post(`/posts/${x.id}/hold`, { version: String(post.version) })).statusCode).toBe(303);
    post = await get(x.id);
    expect(post.state).toBe('pending_review');
    expect(await dash.core.queues.queue('x', 'default').getJob(x.id)).toBeUndefined();

    expect((await alice.post(`/posts/${x.id}/cancel`, { version: String(post.version) })).statusCode).toBe(303);
    expect((await get(x.id)).state).toBe('cancelled');
    const history = await dash.core.store.history(x.id);
    expect(history.slice(1).map((h) => [h.to, h.by])).toEqual([
      ['scheduled', 'editor:alice'],
      ['pending_review', 'editor:alice'],
      ['cancelled', 'editor:alice'],
    ]);
  });

  it('rejects only with a reason, and records it', async () => {
    const posts = await article();
    const id = on(posts, 'bluesky').id;
    const post = await get(id);
    const bare = await alice.post(`/posts/${id}/reject`, { version: String(post.version), reason: '  ' });
    expect(bare.statusCode).toBe(422);
    expect(textOf(bare.body)).toContain('Say why you reject it');
    expect((await alice.post(`/posts/${id}/reject`, { version: String(post.version), reason: 'wrong photo' })).statusCode).toBe(303);
    expect((await get(id)).state).toBe('rejected');
    expect((await dash.core.store.history(id)).at(-1)).toMatchObject({ to: 'rejected', by: 'editor:alice', reason: 'wrong photo' });
    const page = textOf((await alice.get(`/posts/${id}`)).body);
    expect(page).toContain('editor:alice Needs review → Rejected: wrong photo');
    expect(page).not.toContain('Approve');
  });

  it('reschedules with a time in the newsroom’s zone (Asia/Karachi, UTC+5) and moves the delayed job', async () => {
    const posts = await article();
    const id = on(posts, 'mastodon').id;
    let post = await get(id);
    await alice.post(`/posts/${id}/approve`, { version: String(post.version) });
    post = await get(id);
    const res = await alice.post(`/posts/${id}/reschedule`, { version: String(post.version), at: '2030-01-15T09:30' });
    expect(res.statusCode).toBe(303);
    post = await get(id);
    expect(post.scheduledAt).toBe('2030-01-15T04:30:00.000Z');
    const job = await dash.core.queues.queue('mastodon', 'default').getJob(id);
    expect(await job?.getState()).toBe('delayed');
    const page = await alice.get(`/posts/${id}`);
    expect(textOf(page.body)).toContain('Rescheduled to 15 Jan 2030, 09:30 (Asia/Karachi).');
    expect(page.body).toContain('value="2030-01-15T09:30"');
    const past = await alice.post(`/posts/${id}/reschedule`, { version: String(post.version), at: '2020-01-01T10:00' });
    expect(past.statusCode).toBe(422);
    expect(textOf(past.body)).toContain('has passed');
    const junk = await alice.post(`/posts/${id}/reschedule`, { version: String(post.version), at: 'tomorrow' });
    expect(junk.statusCode).toBe(422);
  });

  it('retries a failed post and says so when an action no longer fits the state', async () => {
    const posts = await article();
    const id = on(posts, 'x').id;
    await dash.core.store.transition(id, 'scheduled', { by: 'test' });
    await dash.core.store.transition(id, 'publishing', { by: 'test' });
    const failed = await dash.core.store.transition(id, 'failed', {
      by: 'worker:test',
      patch: { lastError: { kind: 'TransientError', message: '503 from X', at: new Date().toISOString() } },
    });
    const page = textOf((await alice.get(`/posts/${id}`)).body);
    expect(page).toContain('Why it stopped: the platform did not answer or had an outage; retries ran out (503 from X)');
    expect((await alice.post(`/posts/${id}/retry`, { version: String(failed.version) })).statusCode).toBe(303);
    const post = await get(id);
    expect(post.state).toBe('scheduled');
    expect(post.lastError).toBeUndefined();
    const again = await alice.post(`/posts/${id}/retry`, { version: String(post.version) });
    expect(again.statusCode).toBe(409);
    expect(textOf(again.body)).toContain('That cannot be done now: the post is scheduled.');
  });

  it('answers 404 in words for a post that does not exist', async () => {
    const res = await alice.get('/posts/p_000000000000000000000000');
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain('There is no such post.');
  });
});

describe('an article', () => {
  it('shows every post across platforms and its events, and retracts everywhere under the editor’s name', async () => {
    const posts = await article({ headline: 'An article to withdraw' });
    const articleId = `dash-article-${counter}`;
    const page = await alice.get(`/articles/${articleId}`);
    expect(page.statusCode).toBe(200);
    for (const p of posts) expect(page.body).toContain(`/posts/${p.id}`);
    expect(textOf(page.body)).toContain('An article to withdraw');
    expect(page.body).toContain('Retract everywhere');
    const res = await alice.post(`/articles/${articleId}/retract`, { reason: 'legal asked' });
    expect(res.statusCode).toBe(303);
    for (const p of posts) expect((await get(p.id)).state).toBe('cancelled');
    const after = textOf((await alice.get(`/articles/${articleId}`)).body);
    expect(after).toMatch(/Retracting everywhere: \d+ posts? affected\./);
    expect(after).toContain('editor:alice');
  });

  it('posts a correction under what went out, and lists it on the article page under the editor’s name', async () => {
    const posts = await article({ headline: 'An article to correct' });
    const articleId = `dash-article-${counter}`;
    const x = on(posts, 'x');
    await dash.core.store.transition(x.id, 'scheduled', { by: 'test' });
    await dash.core.store.transition(x.id, 'publishing', { by: 'test' });
    await dash.core.store.transition(x.id, 'published', {
      by: 'worker:test',
      patch: { delivered: [{ index: 0, remoteId: '1790000000000000001', url: 'https://x.com/crier_news/status/1790000000000000001' }] },
    });
    const page = await alice.get(`/articles/${articleId}`);
    expect(page.body).toContain('href="https://x.com/crier_news/status/1790000000000000001"');
    const empty = await alice.post(`/articles/${articleId}/correction`, { text: '   ' });
    expect(empty.statusCode).toBe(422);
    const res = await alice.post(`/articles/${articleId}/correction`, { text: 'An earlier version misstated the date of the visit.' });
    expect(res.statusCode).toBe(303);
    const after = textOf((await alice.get(`/articles/${articleId}`)).body);
    expect(after).toMatch(/Correction queued under 1 post\./);
    expect(after).toContain('editor:alice corrected');
    expect(after).toContain('Correction: An earlier version misstated the date of the visit.');
    const corrections = (await dash.core.store.list({ articleId, limit: 50 })).posts.filter((p) => p.kind === 'correction');
    expect(corrections).toHaveLength(1);
    expect(corrections[0]!.correctionOf).toBe(x.id);
  });

  it('answers 404 for an article crier does not know', async () => {
    const res = await alice.get('/articles/no-such-article');
    expect(res.statusCode).toBe(404);
    expect(textOf(res.body)).toContain('crier has no posts for this article.');
  });
});

describe('without Redis', () => {
  it('answers 503 with a page that says so, not a stack or a raw error', async () => {
    const server = await OwnRedisServer.start();
    const lonely = await startDashboard({ REDIS_URL: server.url });
    try {
      const v = new Visitor(lonely.app);
      await v.signIn('alice');
      await server.stop();
      await untilClient(lonely.core.requestRedis, 'down');
      const res = await v.get('/');
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('5');
      expect(textOf(res.body)).toContain('crier cannot reach its database');
      await server.restart();
      await untilClient(lonely.core.requestRedis, 'ready');
      // Back up (this Redis keeps nothing across a restart, so the editor is gone): pages answer again.
      expect((await new Visitor(lonely.app).get('/sign-in')).statusCode).toBe(200);
    } finally {
      await lonely.close();
      await server.stop();
    }
  }, 60_000);
});
