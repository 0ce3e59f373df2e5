import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { PlatformId } from '../../src/domain/platform.js';
import { POST_STATES, type PostRecord, type PostState, type Transition } from '../../src/posts/post.js';
import { type CoreServices } from '../../src/service/services.js';
import { EDITOR_TOKEN } from '../helpers/service-env.js';
import { signedHeaders } from '../helpers/sign.js';
import { useApps, type TestApp } from '../helpers/app-harness.js';
import { delayedUntil } from '../helpers/crier-harness.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();

/** Every response body the tests saw: none may ever contain the editor token. */
const seenBodies: string[] = [];

// Registered before useApps: hooks run last-registered first, so this runs after the apps are closed.
afterEach(() => {
  for (const body of seenBodies.splice(0)) expect(body).not.toContain(EDITOR_TOKEN);
});
const startApp = useApps();

function harness(env: Record<string, string> = {}, options: { withoutToken?: boolean } = {}): Promise<TestApp> {
  return startApp({ env, ...options });
}

type Method = 'GET' | 'POST' | 'PATCH';
interface CallOptions {
  /** Sent as JSON unless it is already a string. */
  body?: unknown;
  query?: Record<string, string>;
  /** `null` sends no Authorization header; a string replaces the whole header. */
  authorization?: string | null;
  /** `null` sends no X-Editor header. */
  editor?: string | null;
}

async function call(app: FastifyInstance, method: Method, url: string, options: CallOptions = {}): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  const authorization = options.authorization === undefined ? `Bearer ${EDITOR_TOKEN}` : options.authorization;
  if (authorization !== null) headers.authorization = authorization;
  const editor = options.editor === undefined ? 'alice' : options.editor;
  if (editor !== null) headers['x-editor'] = editor;
  let payload: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const res = await app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }), ...(options.query ? { query: options.query } : {}) });
  seenBodies.push(res.body);
  return res;
}

interface Summary {
  id: string;
  platform: PlatformId;
  account: string;
  state: PostState;
  scheduledAt: string | null;
}

/** Sends a signed CMS event for a copy of the fixture with `overrides`; returns the post summaries. */
async function publish(app: FastifyInstance, overrides: Record<string, unknown> = {}): Promise<Summary[]> {
  const body = JSON.stringify({ ...seed, ...overrides });
  const res = await app.inject({ method: 'POST', url: '/v1/articles', payload: body, headers: signedHeaders(body) });
  expect(res.statusCode).toBe(202);
  return res.json<{ posts: Summary[] }>().posts;
}

function on(posts: Summary[], platform: PlatformId): Summary {
  const found = posts.find((p) => p.platform === platform);
  if (!found) throw new Error(`no ${platform} post in ${JSON.stringify(posts)}`);
  return found;
}

async function getPost(app: FastifyInstance, id: string): Promise<{ post: PostRecord; history: Transition[] }> {
  const res = await call(app, 'GET', `/v1/posts/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json<{ post: PostRecord; history: Transition[] }>();
}

async function jobOf(core: CoreServices, post: Pick<Summary, 'id' | 'platform'>) {
  return core.queues.queue(post.platform, 'default').getJob(post.id);
}

async function jobState(core: CoreServices, post: Pick<Summary, 'id' | 'platform'>): Promise<string | undefined> {
  const job = await jobOf(core, post);
  return job ? job.getState() : undefined;
}

/** When BullMQ will release a delayed job, as its own events say. */
async function dueAt(core: CoreServices, post: Pick<Summary, 'id' | 'platform'>): Promise<number> {
  const due = await delayedUntil(core.queues.queue(post.platform, 'default'), post.id);
  expect(due).toBeDefined();
  return due!;
}

/** Waits (without sleeping a fixed time) until the clock has moved past `iso`, so the next post sorts strictly newer. */
async function pastMillisecond(iso: string): Promise<void> {
  const ms = Date.parse(iso);
  while (Date.now() <= ms) await new Promise((resolve) => setImmediate(resolve));
}

const TRANSITION_KEYS = ['from', 'to', 'by', 'reason'] as const;
function brief(history: Transition[]): Partial<Transition>[] {
  return history.map((t) => Object.fromEntries(TRANSITION_KEYS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]])));
}

describe('editor API authentication', () => {
  it('answers 401 without a token, with a wrong one, or with another scheme, and changes nothing', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    const attempts: { method: Method; url: string; body?: unknown }[] = [
      { method: 'GET', url: '/v1/posts' },
      { method: 'GET', url: `/v1/posts/${mastodon.id}` },
      { method: 'PATCH', url: `/v1/posts/${mastodon.id}`, body: { version: 1, parts: ['changed by nobody'] } },
      { method: 'POST', url: `/v1/posts/${mastodon.id}/approve`, body: {} },
      { method: 'POST', url: `/v1/posts/${mastodon.id}/cancel`, body: {} },
    ];
    const wrongHeaders: (string | null)[] = [
      null,
      'Bearer ',
      'Bearer wrong-token-0123456789abcdef',
      `Bearer ${EDITOR_TOKEN}x`,
      `Bearer ${EDITOR_TOKEN.slice(0, -1)}`,
      `Basic ${EDITOR_TOKEN}`,
      EDITOR_TOKEN,
    ];
    for (const attempt of attempts) {
      for (const authorization of wrongHeaders) {
        const res = await call(app, attempt.method, attempt.url, { body: attempt.body, authorization });
        expect(res.statusCode, `${attempt.method} ${attempt.url} with ${String(authorization)}`).toBe(401);
        expect(res.json<{ error: string }>().error).toBe('unauthorized');
        expect(res.body).not.toContain(EDITOR_TOKEN);
        expect(res.body).not.toContain(EDITOR_TOKEN.slice(0, -1));
      }
    }
    const stored = await core.store.get(mastodon.id);
    expect(stored.state).toBe('pending_review');
    expect(stored.version).toBe(1);
    expect(await jobOf(core, mastodon)).toBeUndefined();

    const ok = await call(app, 'GET', '/v1/posts');
    expect(ok.statusCode).toBe(200);
    expect(ok.json<{ posts: PostRecord[] }>().posts).toHaveLength(3);
  });

  it('answers 401 to every request, the right token included, when EDITOR_TOKEN is not set', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' }, { withoutToken: true });
    const mastodon = on(await publish(app), 'mastodon');
    for (const authorization of [`Bearer ${EDITOR_TOKEN}`, null, 'Bearer ']) {
      const list = await call(app, 'GET', '/v1/posts', { authorization });
      expect(list.statusCode).toBe(401);
      expect(list.json<{ message: string }>().message).toMatch(/EDITOR_TOKEN is not set/);
      const approve = await call(app, 'POST', `/v1/posts/${mastodon.id}/approve`, { authorization, body: {} });
      expect(approve.statusCode).toBe(401);
      expect(approve.body).not.toContain(EDITOR_TOKEN);
    }
    expect((await core.store.get(mastodon.id)).state).toBe('pending_review');
  });
});

describe('GET /v1/posts', () => {
  it('lists every post newest first', async () => {
    const { app } = await harness();
    const first = await publish(app, { id: 'article-one' });
    const stored = await getPost(app, first[0]!.id);
    await pastMillisecond(stored.post.createdAt);
    const second = await publish(app, { id: 'article-two' });

    const res = await call(app, 'GET', '/v1/posts');
    expect(res.statusCode).toBe(200);
    const body = res.json<{ posts: PostRecord[]; nextCursor: string | null }>();
    expect(body.nextCursor).toBeNull();
    expect(body.posts).toHaveLength(6);
    expect(body.posts.slice(0, 3).map((p) => p.articleId)).toEqual(['article-two', 'article-two', 'article-two']);
    expect(body.posts.slice(3).map((p) => p.articleId)).toEqual(['article-one', 'article-one', 'article-one']);
    expect(new Set(body.posts.slice(0, 3).map((p) => p.id))).toEqual(new Set(second.map((p) => p.id)));
    const created = body.posts.map((p) => Date.parse(p.createdAt));
    expect([...created].sort((a, b) => b - a)).toEqual(created);
  });

  it('filters by state and by article, alone and together, and follows state changes', async () => {
    const { app } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const one = await publish(app, { id: 'article-one' });
    const two = await publish(app, { id: 'article-two' });
    const ids = (res: LightMyRequestResponse) => new Set(res.json<{ posts: PostRecord[] }>().posts.map((p) => p.id));

    const pending = await call(app, 'GET', '/v1/posts', { query: { state: 'pending_review' } });
    expect(pending.statusCode).toBe(200);
    expect(ids(pending)).toEqual(new Set([on(one, 'mastodon').id, on(two, 'mastodon').id]));
    const scheduled = await call(app, 'GET', '/v1/posts', { query: { state: 'scheduled' } });
    expect(ids(scheduled)).toEqual(new Set([one, two].flatMap((posts) => posts.filter((p) => p.platform !== 'mastodon').map((p) => p.id))));
    expect(scheduled.json<{ posts: PostRecord[] }>().posts.every((p) => p.state === 'scheduled')).toBe(true);

    const byArticle = await call(app, 'GET', '/v1/posts', { query: { article: 'article-one' } });
    expect(ids(byArticle)).toEqual(new Set(one.map((p) => p.id)));
    const both = await call(app, 'GET', '/v1/posts', { query: { article: 'article-two', state: 'pending_review' } });
    expect(ids(both)).toEqual(new Set([on(two, 'mastodon').id]));
    const none = await call(app, 'GET', '/v1/posts', { query: { article: 'no-such-article' } });
    expect(none.json<{ posts: PostRecord[]; nextCursor: string | null }>()).toEqual({ posts: [], nextCursor: null });

    expect((await call(app, 'POST', `/v1/posts/${on(one, 'mastodon').id}/approve`, { body: {} })).statusCode).toBe(200);
    expect(ids(await call(app, 'GET', '/v1/posts', { query: { state: 'pending_review' } }))).toEqual(new Set([on(two, 'mastodon').id]));
    expect(ids(await call(app, 'GET', '/v1/posts', { query: { state: 'scheduled' } })).has(on(one, 'mastodon').id)).toBe(true);
  });

  it('answers 400 naming the allowed states for an unknown state, and for a bad limit', async () => {
    const { app } = await harness();
    await publish(app);
    const res = await call(app, 'GET', '/v1/posts', { query: { state: 'queued' } });
    expect(res.statusCode).toBe(400);
    const body = res.json<{ error: string; message: string; issues: { field: string; message: string }[] }>();
    expect(body.issues.map((i) => i.field)).toEqual(['state']);
    for (const state of POST_STATES) expect(body.issues[0]!.message).toContain(state);
    expect(body.message).toContain('pending_review');
    for (const limit of ['0', '501', 'ten', '2.5']) {
      const bad = await call(app, 'GET', '/v1/posts', { query: { limit } });
      expect(bad.statusCode, `limit=${limit}`).toBe(400);
      expect(bad.json<{ issues: { field: string }[] }>().issues.map((i) => i.field)).toEqual(['limit']);
    }
  });

  it('pages with limit and nextCursor through every post exactly once, also within a state', async () => {
    const { app } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    for (const id of ['a-1', 'a-2', 'a-3']) await publish(app, { id });
    const all = (await call(app, 'GET', '/v1/posts')).json<{ posts: PostRecord[] }>().posts.map((p) => p.id);
    expect(all).toHaveLength(9);

    const walk = async (query: Record<string, string>, limit: number): Promise<{ ids: string[]; sizes: number[] }> => {
      const ids: string[] = [];
      const sizes: number[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res = await call(app, 'GET', '/v1/posts', { query: { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) } });
        expect(res.statusCode).toBe(200);
        const body = res.json<{ posts: PostRecord[]; nextCursor: string | null }>();
        ids.push(...body.posts.map((p) => p.id));
        sizes.push(body.posts.length);
        cursor = body.nextCursor;
        if (cursor === null) return { ids, sizes };
      }
      throw new Error('paging never ended');
    };

    const paged = await walk({}, 4);
    expect(paged.sizes).toEqual([4, 4, 1]);
    expect(paged.ids).toEqual(all);
    const exact = await walk({}, 3);
    expect(exact.sizes).toEqual([3, 3, 3]);
    expect(exact.ids).toEqual(all);

    const scheduledAll = (await call(app, 'GET', '/v1/posts', { query: { state: 'scheduled' } })).json<{ posts: PostRecord[] }>().posts.map((p) => p.id);
    expect(scheduledAll).toHaveLength(6);
    const scheduledPaged = await walk({ state: 'scheduled' }, 4);
    expect(scheduledPaged.ids).toEqual(scheduledAll);
    expect(scheduledPaged.sizes).toEqual([4, 2]);
  });
});

describe('GET /v1/posts/:id', () => {
  it('returns the post and its history', async () => {
    const { app } = await harness();
    const x = on(await publish(app), 'x');
    const { post, history } = await getPost(app, x.id);
    expect(post).toMatchObject({ id: x.id, platform: 'x', account: 'default', state: 'scheduled', version: 1, articleId: seed.id });
    expect(post.draft.parts.length).toBeGreaterThan(0);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ from: null, to: 'scheduled', by: 'cms' });
    expect(history[0]!.at).toBe(post.createdAt);
  });

  it('answers 404 for an unknown id, also for actions and edits', async () => {
    const { app } = await harness();
    await publish(app);
    const missing = 'p_000000000000000000000000';
    const get = await call(app, 'GET', `/v1/posts/${missing}`);
    expect(get.statusCode).toBe(404);
    expect(get.json<{ error: string; message: string }>()).toMatchObject({ error: 'not_found' });
    expect(get.json<{ message: string }>().message).toContain(missing);
    for (const action of ['approve', 'reject', 'hold', 'cancel', 'retry']) {
      expect((await call(app, 'POST', `/v1/posts/${missing}/${action}`, { body: {} })).statusCode, action).toBe(404);
    }
    expect((await call(app, 'POST', `/v1/posts/${missing}/reschedule`, { body: { at: '2099-01-01T00:00:00Z' } })).statusCode).toBe(404);
    expect((await call(app, 'PATCH', `/v1/posts/${missing}`, { body: { version: 1, parts: ['hello'] } })).statusCode).toBe(404);
  });
});

describe('review actions', () => {
  it('holds Mastodon for review with no job while X is scheduled with one', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const posts = await publish(app);
    const mastodon = on(posts, 'mastodon');
    const x = on(posts, 'x');
    expect(mastodon.state).toBe('pending_review');
    expect(mastodon.scheduledAt).toBeNull();
    expect(await jobOf(core, mastodon)).toBeUndefined();
    expect(x.state).toBe('scheduled');
    const job = await jobOf(core, x);
    expect(job?.data).toMatchObject({ postId: x.id, snapshot: { id: x.id, state: 'scheduled' } });
    expect((await getPost(app, mastodon.id)).post.state).toBe('pending_review');
  });

  it('approve schedules the post now with a job due at its scheduledAt', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    const before = Date.now();
    const res = await call(app, 'POST', `/v1/posts/${mastodon.id}/approve`, { body: { version: 1 }, editor: 'alice' });
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    const post = res.json<{ post: PostRecord }>().post;
    expect(post.state).toBe('scheduled');
    expect(post.version).toBe(2);
    const scheduledAt = Date.parse(post.scheduledAt ?? '');
    expect(scheduledAt).toBeGreaterThanOrEqual(before);
    expect(scheduledAt).toBeLessThanOrEqual(after);
    const job = await jobOf(core, mastodon);
    expect(job?.data).toMatchObject({ postId: mastodon.id, snapshot: { id: mastodon.id, state: 'scheduled' } });
    expect(job?.delay).toBe(0);
    expect(job!.timestamp + job!.delay).toBeGreaterThanOrEqual(scheduledAt);
    expect(job!.timestamp).toBeLessThanOrEqual(after);
    expect(['waiting', 'prioritized']).toContain(await job!.getState());
    expect((await getPost(app, mastodon.id)).post).toEqual(post);
  });

  it('approve after a hold keeps a future scheduledAt, and the job is delayed until then', async () => {
    const { app, core } = await harness({ HOLD_SECONDS: '3600' });
    const x = on(await publish(app), 'x');
    const scheduledAt = x.scheduledAt!;
    expect(Date.parse(scheduledAt)).toBeGreaterThan(Date.now());
    expect(await jobState(core, x)).toBe('delayed');

    const held = await call(app, 'POST', `/v1/posts/${x.id}/hold`, { body: {}, editor: 'bob' });
    expect(held.statusCode).toBe(200);
    expect(held.json<{ post: PostRecord }>().post.state).toBe('pending_review');
    expect(await jobOf(core, x)).toBeUndefined();

    const before = Date.now();
    const approved = await call(app, 'POST', `/v1/posts/${x.id}/approve`, { body: { version: 2 } });
    const after = Date.now();
    expect(approved.statusCode).toBe(200);
    const post = approved.json<{ post: PostRecord }>().post;
    expect(post.state).toBe('scheduled');
    expect(post.scheduledAt).toBe(scheduledAt);
    expect(await jobState(core, x)).toBe('delayed');
    const due = await dueAt(core, x);
    expect(due).toBeGreaterThanOrEqual(Date.parse(scheduledAt));
    expect(due - Date.parse(scheduledAt)).toBeLessThanOrEqual(after - before);
  });

  it('refuses an approve at a stale version with 409 and the current version', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    expect((await call(app, 'PATCH', `/v1/posts/${mastodon.id}`, { body: { version: 1, parts: ['Edited first'] } })).statusCode).toBe(200);
    const res = await call(app, 'POST', `/v1/posts/${mastodon.id}/approve`, { body: { version: 1 } });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: string; currentVersion: number }>()).toMatchObject({ error: 'version_conflict', currentVersion: 2 });
    expect((await core.store.get(mastodon.id)).state).toBe('pending_review');
    expect(await jobOf(core, mastodon)).toBeUndefined();
  });

  it('reject ends review; a later approve is refused with 409 and queues nothing', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    const rejected = await call(app, 'POST', `/v1/posts/${mastodon.id}/reject`, { body: { reason: 'off-tone' }, editor: 'carol' });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json<{ post: PostRecord }>().post.state).toBe('rejected');
    expect(await jobOf(core, mastodon)).toBeUndefined();

    const approve = await call(app, 'POST', `/v1/posts/${mastodon.id}/approve`, { body: {} });
    expect(approve.statusCode).toBe(409);
    expect(approve.json<{ error: string }>().error).toBe('invalid_state');
    expect(await jobOf(core, mastodon)).toBeUndefined();
    const { post, history } = await getPost(app, mastodon.id);
    expect(post.state).toBe('rejected');
    expect(post.version).toBe(2);
    expect(brief(history)).toEqual([
      { from: null, to: 'pending_review', by: 'cms' },
      { from: 'pending_review', to: 'rejected', by: 'editor:carol', reason: 'off-tone' },
    ]);
  });

  it('hold takes a scheduled post back to review and removes its job; hold again is 409', async () => {
    const { app, core } = await harness();
    const x = on(await publish(app), 'x');
    expect(await jobOf(core, x)).toBeDefined();
    const res = await call(app, 'POST', `/v1/posts/${x.id}/hold`, { body: { version: 1 } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ post: PostRecord }>().post.state).toBe('pending_review');
    expect(await jobOf(core, x)).toBeUndefined();
    expect((await call(app, 'POST', `/v1/posts/${x.id}/hold`, { body: {} })).statusCode).toBe(409);
  });

  it('cancel removes the job of a scheduled post, cancels a post under review, and cannot be repeated', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon', HOLD_SECONDS: '600' });
    const posts = await publish(app);
    const x = on(posts, 'x');
    const mastodon = on(posts, 'mastodon');
    expect(await jobState(core, x)).toBe('delayed');

    const cancelled = await call(app, 'POST', `/v1/posts/${x.id}/cancel`, { body: { reason: 'story pulled' } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<{ post: PostRecord }>().post.state).toBe('cancelled');
    expect(await jobOf(core, x)).toBeUndefined();
    const delayedLeft = await core.queues.queue('x', 'default').getDelayedCount();
    expect(delayedLeft).toBe(0);

    const fromReview = await call(app, 'POST', `/v1/posts/${mastodon.id}/cancel`, { body: {} });
    expect(fromReview.statusCode).toBe(200);
    expect(fromReview.json<{ post: PostRecord }>().post.state).toBe('cancelled');
    expect(await jobOf(core, mastodon)).toBeUndefined();

    const again = await call(app, 'POST', `/v1/posts/${x.id}/cancel`, { body: {} });
    expect(again.statusCode).toBe(409);
    expect(again.json<{ error: string }>().error).toBe('invalid_state');
    expect((await call(app, 'POST', `/v1/posts/${x.id}/reschedule`, { body: { at: '2099-01-01T00:00:00Z' } })).statusCode).toBe(409);
    expect(await jobOf(core, x)).toBeUndefined();
  });

  it('reschedule moves a delayed job to `at`, stored as UTC ISO', async () => {
    const { app, core } = await harness({ HOLD_SECONDS: '600' });
    const x = on(await publish(app), 'x');
    expect(await jobState(core, x)).toBe('delayed');
    const atMs = Date.now() + 3 * 3600_000;
    const utc = new Date(Math.floor(atMs / 1000) * 1000);
    // The same instant written with a +02:00 offset.
    const local = new Date(utc.getTime() + 2 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+02:00');
    const before = Date.now();
    const res = await call(app, 'POST', `/v1/posts/${x.id}/reschedule`, { body: { at: local, version: 1 } });
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    const post = res.json<{ post: PostRecord }>().post;
    expect(post.state).toBe('scheduled');
    expect(post.scheduledAt).toBe(utc.toISOString());
    expect(await jobState(core, x)).toBe('delayed');
    const due = await dueAt(core, x);
    expect(due).toBeGreaterThanOrEqual(utc.getTime());
    expect(due - utc.getTime()).toBeLessThanOrEqual(after - before);
  });

  it('reschedule into the future delays a job that was due now', async () => {
    const { app, core } = await harness();
    const x = on(await publish(app), 'x');
    expect(['waiting', 'prioritized']).toContain(await jobState(core, x));
    const at = new Date(Math.floor((Date.now() + 3600_000) / 1000) * 1000);
    const before = Date.now();
    const res = await call(app, 'POST', `/v1/posts/${x.id}/reschedule`, { body: { at: at.toISOString() } });
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    expect(res.json<{ post: PostRecord }>().post.scheduledAt).toBe(at.toISOString());
    // Otherwise a worker would publish the post right away, an hour before the editor asked.
    expect(await jobState(core, x)).toBe('delayed');
    const due = await dueAt(core, x);
    expect(due).toBeGreaterThanOrEqual(at.getTime());
    expect(due - at.getTime()).toBeLessThanOrEqual(after - before);
  });

  it('reschedule with a bad or missing `at` is 400 and changes nothing', async () => {
    const { app, core } = await harness({ HOLD_SECONDS: '600' });
    const x = on(await publish(app), 'x');
    const dueBefore = await dueAt(core, x);
    const bad: unknown[] = [
      { at: 'tomorrow' },
      { at: '2099-13-01T10:00:00Z' },
      { at: '2099-01-01T10:00:00' },
      { at: '2099-01-01' },
      { at: 1_900_000_000_000 },
      {},
    ];
    for (const body of bad) {
      const res = await call(app, 'POST', `/v1/posts/${x.id}/reschedule`, { body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<{ error: string; issues: { field: string }[] }>().issues.map((i) => i.field)).toEqual(['at']);
    }
    const notJson = await call(app, 'POST', `/v1/posts/${x.id}/reschedule`, { body: 'at=tomorrow' });
    expect(notJson.statusCode).toBe(400);
    const post = await core.store.get(x.id);
    expect(post.version).toBe(1);
    expect(post.scheduledAt).toBe(x.scheduledAt);
    expect(await dueAt(core, x)).toBe(dueBefore);
  });

  it.each<{ state: PostState; extra: Record<string, string> }>([
    { state: 'scheduled', extra: {} },
    { state: 'pending_review', extra: { REVIEW_PLATFORMS: 'x' } },
  ])('retry on a $state post is 409 and changes nothing', async ({ state, extra }) => {
    const { app, core } = await harness({ HOLD_SECONDS: '600', ...extra });
    const x = on(await publish(app), 'x');
    expect(x.state).toBe(state);
    const jobBefore = await jobState(core, x);
    const res = await call(app, 'POST', `/v1/posts/${x.id}/retry`, { body: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: string }>().error).toBe('invalid_state');
    const post = await core.store.get(x.id);
    expect(post.state).toBe(state);
    expect(post.version).toBe(1);
    expect(post.scheduledAt).toBe(x.scheduledAt ?? undefined);
    expect(await jobState(core, x)).toBe(jobBefore);
  });

  it('retry on a rejected post is 409', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    expect((await call(app, 'POST', `/v1/posts/${mastodon.id}/reject`, { body: {} })).statusCode).toBe(200);
    expect((await call(app, 'POST', `/v1/posts/${mastodon.id}/retry`, { body: {} })).statusCode).toBe(409);
    expect(await jobOf(core, mastodon)).toBeUndefined();
  });

  it('retry puts a failed post back on its queue with a new job and clears lastError', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    const at = new Date().toISOString();
    await core.store.transition(mastodon.id, 'scheduled', { by: 'test', patch: { scheduledAt: at } });
    await core.store.transition(mastodon.id, 'publishing', { by: 'worker:test', patch: { attempts: 1 } });
    await core.store.transition(mastodon.id, 'failed', {
      by: 'worker:test',
      reason: 'content rejected',
      patch: { lastError: { kind: 'ContentRejectedError', message: 'Validation failed', at } },
    });
    const failed = (await getPost(app, mastodon.id)).post;
    expect(failed.state).toBe('failed');
    expect(failed.lastError?.kind).toBe('ContentRejectedError');
    expect(await jobOf(core, mastodon)).toBeUndefined();

    const before = Date.now();
    const res = await call(app, 'POST', `/v1/posts/${mastodon.id}/retry`, { body: { version: failed.version }, editor: 'dave' });
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    const post = res.json<{ post: PostRecord }>().post;
    expect(post.state).toBe('scheduled');
    expect(post.lastError).toBeUndefined();
    expect(Date.parse(post.scheduledAt ?? '')).toBeGreaterThanOrEqual(before);
    expect(Date.parse(post.scheduledAt ?? '')).toBeLessThanOrEqual(after);
    const job = await jobOf(core, mastodon);
    expect(job?.data).toMatchObject({ postId: mastodon.id, snapshot: { id: mastodon.id, state: 'scheduled' } });
    expect(job!.timestamp).toBeGreaterThanOrEqual(before);
    expect(['waiting', 'prioritized']).toContain(await job!.getState());

    const { history } = await getPost(app, mastodon.id);
    expect(history.at(-1)).toMatchObject({ from: 'failed', to: 'scheduled', by: 'editor:dave', reason: 'retry' });
  });

  it('retry resumes a partially published thread', async () => {
    const { app, core } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const mastodon = on(await publish(app), 'mastodon');
    await core.store.transition(mastodon.id, 'scheduled', { by: 'test' });
    await core.store.transition(mastodon.id, 'publishing', { by: 'worker:test' });
    const partial = await core.store.transition(mastodon.id, 'partially_published', {
      by: 'worker:test',
      patch: { lastError: { kind: 'AuthError', message: 'token revoked', at: new Date().toISOString() } },
    });
    const res = await call(app, 'POST', `/v1/posts/${mastodon.id}/retry`, { body: { version: partial.version } });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ post: PostRecord }>().post).toMatchObject({ state: 'scheduled', version: partial.version + 1 });
    expect(res.json<{ post: PostRecord }>().post.lastError).toBeUndefined();
    expect(await jobOf(core, mastodon)).toBeDefined();
  });
});

describe('PATCH /v1/posts/:id', () => {
  it('replaces the parts, bumps the version and recomputes lengths as X counts', async () => {
    const { app, core } = await harness();
    const x = on(await publish(app), 'x');
    const parts = ['Beijing backs Islamabad. Read more: https://example.com/a/very/long/path/that/counts/as/twenty-three', '中文 two'];
    const res = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version: 1, parts }, editor: 'alice.smith@newsroom' });
    expect(res.statusCode).toBe(200);
    const post = res.json<{ post: PostRecord }>().post;
    expect(post.version).toBe(2);
    expect(post.state).toBe('scheduled');
    expect(post.draft.parts).toEqual([
      { text: parts[0], length: 'Beijing backs Islamabad. Read more: '.length + 23, limit: 280 },
      { text: parts[1], length: 2 * 2 + ' two'.length, limit: 280 },
    ]);
    expect(await core.store.get(x.id)).toEqual(post);
    expect(await jobOf(core, x)).toBeDefined();
    const { history } = await getPost(app, x.id);
    expect(history.at(-1)).toMatchObject({ from: 'scheduled', to: 'scheduled', by: 'editor:alice.smith@newsroom', reason: 'edited parts' });

    const exactly = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version: 2, parts: ['a'.repeat(280)] } });
    expect(exactly.statusCode).toBe(200);
    expect(exactly.json<{ post: PostRecord }>().post.draft.parts).toEqual([{ text: 'a'.repeat(280), length: 280, limit: 280 }]);
  });

  it('refuses a stale version with 409 and the current version', async () => {
    const { app, core } = await harness();
    const x = on(await publish(app), 'x');
    expect((await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version: 1, parts: ['first edit'] } })).statusCode).toBe(200);
    const res = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version: 1, parts: ['second edit, stale'] } });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: string; currentVersion: number }>()).toMatchObject({ error: 'version_conflict', currentVersion: 2 });
    const post = await core.store.get(x.id);
    expect(post.draft.parts.map((p) => p.text)).toEqual(['first edit']);
    expect(post.version).toBe(2);
  });

  it('refuses parts over the platform limit with 422 listing index, length and limit', async () => {
    const { app, core } = await harness();
    const x = on(await publish(app), 'x');
    const original = await core.store.get(x.id);
    const res = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version: 1, parts: ['fine', 'a'.repeat(281), '中'.repeat(141)] } });
    expect(res.statusCode).toBe(422);
    const body = res.json<{ error: string; issues: { index?: number; length?: number; limit?: number; message: string }[] }>();
    expect(body.error).toBe('invalid_parts');
    expect(body.issues.map(({ index, length, limit }) => ({ index, length, limit }))).toEqual([
      { index: 1, length: 281, limit: 280 },
      { index: 2, length: 282, limit: 280 },
    ]);
    expect(await core.store.get(x.id)).toEqual(original);
  });

  it('answers 400 for an empty parts array, a missing version, wrong types and a body that is not JSON', async () => {
    const { app, core } = await harness();
    const x = on(await publish(app), 'x');
    const cases: { body: unknown; field: string }[] = [
      { body: { version: 1, parts: [] }, field: 'parts' },
      { body: { parts: ['no version'] }, field: 'version' },
      { body: { version: '1', parts: ['string version'] }, field: 'version' },
      { body: { version: 1, parts: [42] }, field: 'parts.0' },
      { body: { version: 1, parts: 'not an array' }, field: 'parts' },
      { body: '{"version": 1, "parts": ["unterminated"', field: '(root)' },
      { body: 'parts=hello', field: '(root)' },
    ];
    for (const { body, field } of cases) {
      const res = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      const json = res.json<{ error: string; issues: { field: string }[] }>();
      expect(json.error).toBe('invalid_request');
      expect(json.issues.map((i) => i.field)).toContain(field);
    }
    expect((await core.store.get(x.id)).version).toBe(1);
  });

  it('refuses to edit a post that is no longer editable with 409', async () => {
    const { app } = await harness();
    const x = on(await publish(app), 'x');
    expect((await call(app, 'POST', `/v1/posts/${x.id}/cancel`, { body: {} })).statusCode).toBe(200);
    const res = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version: 2, parts: ['too late'] } });
    expect(res.statusCode).toBe(409);
    expect(res.json<{ error: string }>().error).toBe('invalid_state');
  });

  it('records editor:unknown when X-Editor is missing, blank or has unsafe characters', async () => {
    const { app } = await harness();
    const x = on(await publish(app), 'x');
    const editors: (string | null)[] = [null, '   ', 'alice<script>', 'bob;DROP', 'eve/../root', 'carol\tsmith'];
    let version = 1;
    for (const editor of editors) {
      const res = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version, parts: [`edit ${version}`] }, editor });
      expect(res.statusCode, String(editor)).toBe(200);
      version++;
    }
    const named = await call(app, 'PATCH', `/v1/posts/${x.id}`, { body: { version, parts: ['named'] }, editor: '  Dana Lee-Ortiz_2 ' });
    expect(named.statusCode).toBe(200);
    const { history } = await getPost(app, x.id);
    expect(history.map((t) => t.by)).toEqual(['cms', ...editors.map(() => 'editor:unknown'), 'editor:Dana Lee-Ortiz_2']);
  });
});

describe('audit trail', () => {
  it('records every transition made through the API with who and when, in order', async () => {
    const { app } = await harness({ REVIEW_PLATFORMS: 'mastodon' });
    const start = Date.now();
    const mastodon = on(await publish(app), 'mastodon');
    const at = new Date(Math.floor((Date.now() + 7200_000) / 1000) * 1000).toISOString();
    const steps: { editor: string; method: Method; path: string; body: unknown }[] = [
      { editor: 'alice', method: 'POST', path: 'approve', body: { version: 1 } },
      { editor: 'dave', method: 'POST', path: 'reschedule', body: { version: 2, at } },
      { editor: 'bob', method: 'POST', path: 'hold', body: { version: 3, reason: 'check the quote' } },
      { editor: 'carol', method: 'PATCH', path: '', body: { version: 4, parts: ['Checked and edited'] } },
      { editor: 'erin', method: 'POST', path: 'approve', body: { reason: 'good to go' } },
      { editor: 'frank', method: 'POST', path: 'hold', body: {} },
      { editor: 'grace', method: 'POST', path: 'reject', body: { reason: 'story pulled' } },
    ];
    for (const step of steps) {
      const url = step.path ? `/v1/posts/${mastodon.id}/${step.path}` : `/v1/posts/${mastodon.id}`;
      const res = await call(app, step.method, url, { body: step.body, editor: step.editor });
      expect(res.statusCode, `${step.editor} ${step.path || 'edit'}`).toBe(200);
    }
    const end = Date.now();

    const { post, history } = await getPost(app, mastodon.id);
    expect(post.state).toBe('rejected');
    expect(post.scheduledAt).toBe(at);
    expect(post.version).toBe(steps.length + 1);
    expect(brief(history)).toEqual([
      { from: null, to: 'pending_review', by: 'cms' },
      { from: 'pending_review', to: 'scheduled', by: 'editor:alice', reason: 'approved' },
      { from: 'scheduled', to: 'scheduled', by: 'editor:dave', reason: `rescheduled to ${at}` },
      { from: 'scheduled', to: 'pending_review', by: 'editor:bob', reason: 'check the quote' },
      { from: 'pending_review', to: 'pending_review', by: 'editor:carol', reason: 'edited parts' },
      { from: 'pending_review', to: 'scheduled', by: 'editor:erin', reason: 'good to go' },
      { from: 'scheduled', to: 'pending_review', by: 'editor:frank', reason: 'held for review' },
      { from: 'pending_review', to: 'rejected', by: 'editor:grace', reason: 'story pulled' },
    ]);
    const times = history.map((t) => Date.parse(t.at));
    expect(history.every((t) => new Date(Date.parse(t.at)).toISOString() === t.at)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(times[0]).toBeGreaterThanOrEqual(start);
    expect(times.at(-1)).toBeLessThanOrEqual(end);
    expect(history.at(-1)!.at).toBe(post.updatedAt);
  });
});
