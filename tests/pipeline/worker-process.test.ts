import { describe, expect, it } from 'vitest';
import { eventually, sendEvent, useCrierWorld } from '../helpers/crier-harness.js';
import { spawnCrier } from '../helpers/worker-process.js';
import { articleText } from '../helpers/builders.js';

const seed = articleText();

const world = useCrierWorld();
const worker = (env: Record<string, string>) => world.worker(env);

/** An intake-only crier with the example article accepted: the posts wait for a worker process. */
async function setUp() {
  const env = await world.env();
  const intake = await world.crier(env, { serve: true, work: false });
  const res = await sendEvent(intake, seed);
  expect(res.status).toBe(202);
  const postIds = Object.fromEntries(res.json.posts.map((p) => [p.platform, p.id]));
  return { env, postIds, store: world.store, f: await world.fakes() };
}

describe('crier work as a process', () => {
  it('a worker killed with SIGKILL mid-thread: the next worker completes it, every part exactly once and in order', async () => {
    const { env, postIds, store, f } = await setUp();
    // The second part of each thread is accepted by the platform, but its answer never comes back.
    f.x.fail('POST', '/2/tweets', { kind: 'delay', ms: 0 }, 1);
    f.x.fail('POST', '/2/tweets', { kind: 'acceptThenHang' }, 1);
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 }, 1);
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'acceptThenHang' }, 1);

    const first = worker(env);
    await eventually(() => f.x.tweets.length === 2 && f.mastodon.statuses.length === 2, 30_000, 'two parts each on the platforms');
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    expect((await store.get(postIds.x!)).state).toBe('publishing');

    worker(env);
    await eventually(async () => (await store.get(postIds.x!)).state === 'published' && (await store.get(postIds.mastodon!)).state === 'published', 40_000, 'both published by the second worker');

    const xPost = await store.get(postIds.x!);
    const tweets = f.x.liveTweets();
    expect(tweets.map((t) => t.sentText)).toEqual(xPost.draft.parts.map((p) => p.text));
    tweets.forEach((t, i) => expect(t.replyTo).toBe(i === 0 ? undefined : tweets[i - 1]!.id));
    expect(xPost.delivered.map((d) => d.remoteId)).toEqual(tweets.map((t) => t.id));

    const mastodonPost = await store.get(postIds.mastodon!);
    const statuses = f.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(mastodonPost.draft.parts.map((p) => p.text));
    statuses.forEach((s, i) => expect(s.inReplyToId).toBe(i === 0 ? null : statuses[i - 1]!.id));
    // The retried part reused its Idempotency-Key: two requests with the same key, one status.
    const keys = f.mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(statuses.length);
    expect(keys.length).toBe(statuses.length + 1);
  }, 120_000);

  it('SIGTERM drains: the part in flight finishes, nothing new starts, the process exits 0, another worker finishes the thread', async () => {
    const { env, postIds, store, f } = await setUp();
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 }, 1);
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 1500 }, 1);
    // Keep X out of the way: its queue is paused by a long rate limit.
    f.x.fail('POST', '/2/tweets', { kind: 'respond', status: 429, body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 }, headers: { 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 3600) } });

    const first = worker(env);
    await eventually(() => f.mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').length === 2, 30_000, 'second part in flight');
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    expect(exit.code).toBe(0);
    // The part in flight went out and was recorded; the third did not start.
    expect(f.mastodon.statuses).toHaveLength(2);
    const drained = await store.get(postIds.mastodon!);
    expect(drained.delivered.map((d) => d.index)).toEqual([0, 1]);
    expect(drained.state).toBe('scheduled');

    worker(env);
    await eventually(async () => (await store.get(postIds.mastodon!)).state === 'published', 30_000, 'published by the next worker');
    const statuses = f.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(drained.draft.parts.map((p) => p.text));
    statuses.forEach((s, i) => expect(s.inReplyToId).toBe(i === 0 ? null : statuses[i - 1]!.id));
  }, 120_000);

  it('exits with a clear error naming REDIS_URL when Redis cannot be reached', async () => {
    const w = spawnCrier(['work'], { REDIS_URL: 'redis://127.0.0.1:1', LOG_LEVEL: 'silent' });
    world.onCleanup(async () => void (await w.exited));
    const exit = await w.exited;
    expect(exit.code).toBe(2);
    expect(w.output()).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1.*\(REDIS_URL\)/);
  }, 120_000);
});
