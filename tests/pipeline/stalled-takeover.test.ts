import { describe, expect, it } from 'vitest';
import { AtpAgent } from '@atproto/api';
import { startTestPds } from '../fakes/bluesky-pds.js';
import { startBlueskyProxy } from '../fakes/bluesky-proxy.js';
import { eventually, sendEvent, useCrierWorld, type Fakes } from '../helpers/crier-harness.js';
import { articleText } from '../helpers/builders.js';

const seed = articleText();

const world = useCrierWorld();

const statusPosts = (f: Fakes) => f.mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
const tweetPosts = (f: Fakes) => f.x.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets');

describe('a stalled job taken over while its first worker still runs', () => {
  it('two workers on one thread under a 1 s lock: every part exactly once on X, Mastodon and a real PDS', async () => {
    const f = await world.fakes();
    const pds = await startTestPds();
    world.onCleanup(() => pds.close());
    const proxy = await startBlueskyProxy(pds.url);
    world.onCleanup(() => proxy.close());
    const account = await pds.createAccount(`race${process.pid}.test`);
    const env = await world.env({
      DELIVERY_LOCK_MS: '1000',
      BLUESKY_SERVICE: proxy.url,
      BLUESKY_IDENTIFIER: account.handle,
      BLUESKY_APP_PASSWORD: account.appPassword,
    });
    const intake = await world.crier(env, { serve: true, work: false });
    const res = await sendEvent(intake, seed);
    expect(res.status).toBe(202);
    const ids = Object.fromEntries(res.json.posts.map((p) => [p.platform, p.id]));
    const store = world.store;

    // Part 1 of each thread is created at once but answered 8 s later: the first worker is mid-request.
    f.x.fail('POST', '/2/tweets', { kind: 'delay', ms: 0 }, 1);
    f.x.fail('POST', '/2/tweets', { kind: 'delay', ms: 8000 }, 1);
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 }, 1);
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 8000 }, 1);
    const putRecord = 'com.atproto.repo.putRecord';
    const bsky = proxy;
    bsky.inject(putRecord, { kind: 'delay-after-forward', ms: 8000 }, 1, 1);

    const first = world.worker(env);
    const inFlight = () => `x ${tweetPosts(f).length}, mastodon ${statusPosts(f).length}, bluesky ${bsky.count(putRecord)}`;
    await eventually(() => inFlight() === 'x 2, mastodon 2, bluesky 2', 60_000, 'part 1 in flight on every platform').catch((e: unknown) => {
      throw new Error(`${String(e)}; requests: ${inFlight()}`);
    });
    // Stopped, it cannot renew its locks: to BullMQ the jobs are stalled, and the next worker takes them.
    first.child.kill('SIGSTOP');

    await world.crier(env, { serve: false, work: true });
    await eventually(
      async () => {
        const states = await Promise.all([ids.x!, ids.mastodon!, ids.bluesky!].map(async (id) => (await store.get(id)).state));
        return states.every((s) => s === 'published');
      },
      60_000,
      'every thread published by the second worker',
    );

    // The first worker wakes up with its stale view of the ledger and carries on.
    first.child.kill('SIGCONT');
    const xPost = await store.get(ids.x!);
    const mastodonPost = await store.get(ids.mastodon!);
    const blueskyPost = await store.get(ids.bluesky!);
    const n = mastodonPost.draft.parts.length;
    expect(n).toBeGreaterThan(2);
    // It re-sends Mastodon parts 2.. with the keys the second worker stored: 2 + (n - 1) + (n - 2) requests.
    await eventually(() => statusPosts(f).length === 2 * n - 1, 60_000, `the first worker's ${n - 2} repeated Mastodon requests`);
    // And Bluesky parts 2.. again, under the record keys the second worker stored.
    const b = blueskyPost.draft.parts.length;
    await eventually(() => bsky.count(putRecord) === 2 + (b - 1) + (b - 2), 60_000, `the first worker's ${b - 2} repeated putRecords`);
    first.child.kill('SIGTERM');
    await first.exited;

    const tweets = f.x.liveTweets();
    expect(tweets.map((t) => t.sentText)).toEqual(xPost.draft.parts.map((p) => p.text));
    tweets.forEach((t, i) => expect(t.replyTo).toBe(i === 0 ? undefined : tweets[i - 1]!.id));
    expect((await store.get(ids.x!)).delivered.map((d) => d.remoteId)).toEqual(tweets.map((t) => t.id));

    const statuses = f.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(mastodonPost.draft.parts.map((p) => p.text));
    statuses.forEach((s, i) => expect(s.inReplyToId).toBe(i === 0 ? null : statuses[i - 1]!.id));
    expect(new Set(statusPosts(f).map((r) => r.headers['idempotency-key'])).size).toBe(n);
    expect((await store.get(ids.mastodon!)).state).toBe('published');

    const agent = new AtpAgent({ service: pds.url });
    const listed = await agent.com.atproto.repo.listRecords({ repo: account.did, collection: 'app.bsky.feed.post', limit: 100 });
    const texts = listed.data.records.map((r) => (r.value as { text: string }).text);
    expect([...texts].sort()).toEqual(blueskyPost.draft.parts.map((p) => p.text).sort());
    expect((await store.get(ids.bluesky!)).delivered.map((d) => d.remoteId).sort()).toEqual(listed.data.records.map((r) => r.uri).sort());
  }, 240_000);
});
