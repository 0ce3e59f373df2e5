import { createHmac } from 'node:crypto';
import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { startSources } from '../../../src/service/start-sources.js';
import { SOURCE_EVENT_QUEUE } from '../../../src/sources/source-events.js';
import { eventually } from '../../helpers/crier-harness.js';
import { EDITOR_TOKEN } from '../../helpers/service-env.js';
import { useApps, type TestApp } from '../../helpers/app-harness.js';
import { ghostBodies, publishedPost } from './ghost-fixtures.js';

const SECRET = 'ghost-webhook-secret-0123456789';
const articleId = `ghost-${publishedPost.id}`;

interface Harness extends TestApp {
  handled: { kind: string; by: string }[];
}
const startApp = useApps();

/** The service's own wiring: startSources with a worker, the real lifecycle, three accounts held 10 minutes. */
async function harness(extra: Record<string, string> = {}): Promise<Harness> {
  const handled: Harness['handled'] = [];
  const h = await startApp({
    env: { HOLD_SECONDS: '600', GHOST_WEBHOOK_SECRET: SECRET, ...extra },
    deps: async ({ config, core, onClose }) => {
      const sources = await startSources({
        config,
        redis: core.redis,
        requestRedis: core.requestRedis,
        work: true,
        submit: async (event, by) => {
          const outcome = await core.lifecycle.handle(event, by);
          handled.push({ kind: outcome.action, by });
          return outcome;
        },
        log: () => undefined,
      });
      onClose(() => sources.close());
      return { sources: sources.deps };
    },
  });
  return { ...h, handled };
}

function sign(body: string, scheme: 'new' | 'old', at = Date.now()): string {
  const hmac = createHmac('sha256', SECRET).update(scheme === 'new' ? `${body}${at}` : body).digest('hex');
  return `sha256=${hmac}, t=${at}`;
}

function send(h: Harness, body: unknown, scheme: 'new' | 'old' = 'new', signature?: string) {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return h.app.inject({
    method: 'POST',
    url: '/v1/sources/ghost',
    payload: raw,
    headers: { 'content-type': 'application/json', 'x-ghost-signature': signature ?? sign(raw, scheme) },
  });
}

describe('POST /v1/sources/ghost', () => {
  it('queues post.published (202) and the worker makes one post per account; edited is a revision; unpublished cancels', async () => {
    const h = await harness();
    const res = await send(h, ghostBodies['post.published'], 'new');
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ status: 'queued', kind: 'publish', article: { id: articleId } });
    await eventually(() => h.handled.length === 1, 20_000, 'the publication');
    const posts = await h.core.store.forArticle(articleId);
    expect(posts.map((p) => p.platform).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    expect(h.handled).toEqual([{ kind: 'created', by: 'ghost' }]);

    // Signed the old way (body only): accepted too.
    expect((await send(h, ghostBodies['post.published.edited'], 'old')).statusCode).toBe(202);
    await eventually(() => h.handled.length === 2, 20_000, 'the revision');
    expect(h.handled[1]).toEqual({ kind: 'recomposed', by: 'ghost' });
    expect(await h.core.store.forArticle(articleId)).toHaveLength(3);

    expect((await send(h, ghostBodies['post.unpublished'])).json()).toMatchObject({ status: 'queued', kind: 'withdraw', article: { id: articleId, status: 'unpublished' } });
    await eventually(() => h.handled.length === 3, 20_000, 'the withdrawal');
    expect(h.handled[2]).toEqual({ kind: 'withdrawn', by: 'ghost' });
    expect((await h.core.store.forArticle(articleId)).every((p) => p.state === 'cancelled')).toBe(true);
  });

  it('acknowledges what never posts (scheduled, members-only, email-only, pages) with 202 and the reason, creating nothing', async () => {
    const h = await harness();
    for (const name of ['post.scheduled', 'members', 'email-only', 'page.published'] as const) {
      const res = await send(h, ghostBodies[name]);
      expect(res.statusCode, name).toBe(202);
      expect(res.json<{ status: string }>().status, name).toBe('ignored');
    }
    // The same page event is posted when GHOST_INCLUDE_PAGES is on.
    const pages = await harness({ GHOST_INCLUDE_PAGES: 'true' });
    expect((await send(pages, ghostBodies['page.published'])).json()).toMatchObject({ status: 'queued', kind: 'publish' });
    await eventually(() => pages.handled.length === 1, 20_000, 'the page');
    expect(h.handled).toEqual([]);
    expect((await h.core.store.list({})).posts).toEqual([]);
  });

  it('refuses bad signatures with 401 and bad bodies with 400 naming the problem, never 410', async () => {
    const h = await harness();
    const raw = JSON.stringify(ghostBodies['post.published']);
    const statuses: number[] = [];
    const check = async (res: Awaited<ReturnType<typeof send>>, status: number, message: RegExp) => {
      statuses.push(res.statusCode);
      expect(res.statusCode).toBe(status);
      expect(res.json<{ message: string }>().message).toMatch(message);
      expect(res.body).not.toContain(SECRET);
    };
    await check(await h.app.inject({ method: 'POST', url: '/v1/sources/ghost', payload: raw, headers: { 'content-type': 'application/json' } }), 401, /missing X-Ghost-Signature/);
    await check(await send(h, raw, 'new', sign(raw.replace('Beijing', 'Moscow'), 'new')), 401, /does not match the body/);
    await check(await send(h, raw, 'new', sign(raw, 'new', Date.now() - 3_600_000)), 401, /from the server's clock/);
    await check(await send(h, '{"post": {"current": '), 400, /body is not valid JSON/);
    await check(await send(h, { post: { current: { ...publishedPost, url: 'ledger/post' } } }), 400, /post\.current\.url: must be an absolute http\(s\) URL/);
    await check(await send(h, { member: { current: { id: 'm1' } } }), 400, /"post" or "page"/);
    expect(statuses).not.toContain(410);
    expect(h.handled).toEqual([]);

    const off = await harness({ GHOST_WEBHOOK_SECRET: '' });
    await check(await send(off, raw), 401, /GHOST_WEBHOOK_SECRET is not set/);
  });

  it('queues a redelivered webhook once (the job id is the article and revision)', async () => {
    const h = await harness();
    const first = (await send(h, ghostBodies['post.published'])).json<{ job: string }>();
    const again = (await send(h, ghostBodies['post.published'], 'old')).json<{ job: string }>();
    expect(again.job).toBe(first.job);
    await eventually(() => h.handled.length >= 1, 20_000, 'the publication');
    // One job in the queue, in any state: the second delivery added nothing.
    const queue = new Queue(SOURCE_EVENT_QUEUE, { connection: h.core.redis, prefix: `${h.prefix}:q` });
    const jobs = await queue.getJobs(['waiting', 'active', 'delayed', 'completed', 'failed', 'prioritized']);
    await queue.close();
    expect(jobs.map((j) => j.id)).toEqual([first.job]);
    expect(h.handled).toEqual([{ kind: 'created', by: 'ghost' }]);
    expect(await h.core.store.forArticle(articleId)).toHaveLength(3);
  });
});

describe('GET /v1/feeds', () => {
  it('lists each feed’s health to editors only', async () => {
    const h = await harness({ FEED_URLS: 'http://127.0.0.1:9/feed.xml' });
    expect((await h.app.inject({ method: 'GET', url: '/v1/feeds' })).statusCode).toBe(401);
    const res = await h.app.inject({ method: 'GET', url: '/v1/feeds', headers: { authorization: `Bearer ${EDITOR_TOKEN}` } });
    expect(res.statusCode).toBe(200);
    const [feed] = res.json<{ feeds: { url: string; status: string; itemsSeen: number }[] }>().feeds;
    expect(feed).toMatchObject({ url: 'http://127.0.0.1:9/feed.xml', itemsSeen: 0 });
    // The scheduler polled it (at once) or is about to; either way the record says what happened.
    const polled = await eventually(async () => {
      const body = (await h.app.inject({ method: 'GET', url: '/v1/feeds', headers: { authorization: `Bearer ${EDITOR_TOKEN}` } })).json<{ feeds: { status: string; lastError?: string }[] }>();
      return body.feeds[0]!.status === 'failing' && body.feeds[0]!;
    }, 20_000, 'the failed poll');
    expect(polled.lastError).toMatch(/could not fetch from 127\.0\.0\.1/);
  });
});
