import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { OwnRedisServer } from '../helpers/redis-server.js';
import { untilClient } from '../helpers/wait.js';
import { signedHeaders } from '../helpers/sign.js';
import { useApps } from '../helpers/app-harness.js';
import { newRedis } from '../helpers/redis.js';
import { articleText } from '../helpers/builders.js';

const seed = articleText();

const servers: OwnRedisServer[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});
const startApp = useApps();
const harness = (env: Record<string, string> = {}) => startApp({ env });

function post(app: FastifyInstance, body: string, headers = signedHeaders(body)) {
  return app.inject({ method: 'POST', url: '/v1/articles', payload: body, headers });
}

describe('POST /v1/articles', () => {
  it('accepts a signed event with 202 and the post ids per account, each queued', async () => {
    const { app, core } = await harness();
    const res = await post(app, seed);
    expect(res.statusCode).toBe(202);
    const body = res.json<{ duplicate: boolean; posts: { id: string; platform: string; account: string; state: string }[] }>();
    expect(body.duplicate).toBe(false);
    expect(body.posts.map((p) => p.platform).sort()).toEqual(['bluesky', 'mastodon', 'x']);
    expect(body.posts.every((p) => p.state === 'scheduled' && p.account === 'default')).toBe(true);
    for (const p of body.posts) {
      const job = await core.queues.queue(p.platform as 'x', 'default').getJob(p.id);
      expect(job?.data).toMatchObject({ postId: p.id, snapshot: { id: p.id, state: 'scheduled' } });
    }
  });

  it('is idempotent: the same event again creates nothing and returns the same ids', async () => {
    const { app, core } = await harness();
    const first = (await post(app, seed)).json<{ posts: { id: string }[] }>();
    const again = await post(app, seed);
    expect(again.statusCode).toBe(202);
    const body = again.json<{ duplicate: boolean; posts: { id: string }[] }>();
    expect(body.duplicate).toBe(true);
    expect(body.posts.map((p) => p.id)).toEqual(first.posts.map((p) => p.id));
    expect((await core.store.list({})).posts).toHaveLength(3);
    // A new revision is not a new article: it recomposes the same posts (one per account, for the article's life).
    const revised = await post(app, JSON.stringify({ ...JSON.parse(seed), revision: 2 }));
    const revisedBody = revised.json<{ duplicate: boolean; action: string; posts: { id: string }[] }>();
    expect(revisedBody.duplicate).toBe(false);
    expect(revisedBody.action).toBe('recomposed');
    expect(revisedBody.posts.map((p) => p.id).sort()).toEqual(first.posts.map((p) => p.id).sort());
    expect((await core.store.list({})).posts).toHaveLength(3);
  });

  it('refuses missing, wrong, tampered and stale signatures with 401', async () => {
    const { app, core } = await harness();
    const { 'webhook-signature': _omit, ...unsigned } = signedHeaders(seed);
    expect((await post(app, seed, unsigned)).statusCode).toBe(401);
    expect((await post(app, seed, unsigned)).json<{ message: string }>().message).toMatch(/webhook-signature/);
    const wrongKey = signedHeaders(seed, { secret: `whsec_${Buffer.from('another-key-entirely-000000').toString('base64')}` });
    expect((await post(app, seed, wrongKey)).statusCode).toBe(401);
    const tampered = seed.replace('Beijing Backs', 'Beijing Drops');
    expect((await post(app, tampered, signedHeaders(seed))).statusCode).toBe(401);
    const stale = signedHeaders(seed, { at: new Date(Date.now() - 301_000) });
    expect((await post(app, seed, stale)).statusCode).toBe(401);
    expect((await core.store.list({})).posts).toHaveLength(0);
  });

  it('answers 400 naming every bad field, and for malformed JSON', async () => {
    const { app } = await harness();
    const bad = JSON.stringify({ id: 'a1', url: 'ftp://example.com/x', tags: 'China' });
    const res = await post(app, bad);
    expect(res.statusCode).toBe(400);
    const fields = res.json<{ issues: { field: string }[] }>().issues.map((i) => i.field).sort();
    expect(fields).toEqual(['headline', 'tags', 'url']);
    const malformed = await post(app, '{"id": "a1", "url": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json<{ issues: { field: string }[] }>().issues[0]!.field).toBe('(root)');
  });

  it('refuses bodies over the size limit with 413', async () => {
    const { app } = await harness({ BODY_LIMIT_BYTES: '2048' });
    const big = JSON.stringify({ ...JSON.parse(seed), body: 'x'.repeat(4000) });
    expect((await post(app, big)).statusCode).toBe(413);
  });

  it('answers 503 with Retry-After while Redis is down, and accepts again once it is back', async () => {
    const server = await OwnRedisServer.start();
    servers.push(server);
    const { app, core } = await harness({ REDIS_URL: server.url });
    await server.stop();
    await untilClient(core.requestRedis, 'down');
    const down = await post(app, seed);
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('5');
    await server.restart();
    await untilClient(core.requestRedis, 'ready');
    const up = await post(app, seed);
    expect(up.statusCode).toBe(202);
    const check = newRedis(server.url);
    expect(await check.dbsize()).toBeGreaterThan(0);
    check.disconnect();
  });

  it('serves /healthz and /readyz', async () => {
    const { app } = await harness();
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json<{ redis: boolean }>().redis).toBe(true);
  });
});
