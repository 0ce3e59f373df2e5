import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeliveredPart } from '../../src/domain/delivery.js';
import { ClaimLostError, DrainingError } from '../../src/domain/errors/index.js';
import { JobLedger } from '../../src/pipeline/job-ledger.js';
import { PostStore } from '../../src/posts/post-store.js';
import { RedisLedger } from '../../src/posts/redis-ledger.js';
import { draft, postIn } from '../helpers/builders.js';
import { useRedis } from '../helpers/redis.js';

const fx = useRedis();
let redis: Redis;
let store: PostStore;

beforeEach(() => {
  redis = fx.redis;
  store = new PostStore(redis, { prefix: fx.keyPrefix });
});

const part = (index: number): DeliveredPart => ({ index, remoteId: `remote-${index}`, url: `https://example.test/${index}` });

async function publishingPost(parts: string[]) {
  const post = await postIn(store, 'publishing', draft('x', { texts: parts }));
  const inner = new RedisLedger(redis, fx.keyPrefix, post.id);
  const { hash } = await store.findWithHash(post.id, inner.key);
  return { post, inner, ledger: new JobLedger(inner, { fields: hash, finalIndex: parts.length - 1, draining: () => false }) };
}

describe('JobLedger', () => {
  it('reads the post and its ledger in one go, and the ledger again after that first walk', async () => {
    const post = await postIn(store, 'publishing', draft('x', { texts: ['one', 'two'] }));
    const inner = new RedisLedger(redis, fx.keyPrefix, post.id);
    await inner.delivered(part(0));
    const { post: found, hash } = await store.findWithHash(post.id, inner.key);
    expect(found?.id).toBe(post.id);
    const ledger = new JobLedger(inner, { fields: hash, finalIndex: 1, draining: () => false });
    await inner.delivered(part(1)); // written after the read: the preloaded view does not have it, a later read does
    expect([...(await ledger.entries()).keys()]).toEqual([0]);
    expect([...(await ledger.entries()).keys()].sort()).toEqual([0, 1]);
  });

  it('finds no post for an unknown or malformed id', async () => {
    expect((await store.findWithHash('p_0000000000000000000000', `${fx.keyPrefix}ledger:x`)).post).toBeUndefined();
    expect((await store.findWithHash('../etc', `${fx.keyPrefix}ledger:x`)).post).toBeUndefined();
  });

  it('writes every part but the last at once, and the last in the same step as "published"', async () => {
    const { post, inner, ledger } = await publishingPost(['one', 'two']);
    await ledger.delivered(part(0));
    await ledger.delivered(part(1));
    expect([...(await inner.entries()).keys()]).toEqual([0]);
    // Whoever reads through the job's ledger still sees the held part.
    expect((await ledger.entries()).get(1)?.delivered).toEqual(part(1));

    const published = await store.transition(post.id, 'published', { by: 'test', current: post, patch: { delivered: [part(0), part(1)] }, alsoSet: ledger.heldFields() });
    ledger.written();
    expect(published.state).toBe('published');
    expect((await inner.entries()).get(1)?.delivered).toEqual(part(1));
    expect(ledger.heldFields()).toBeUndefined();
  });

  it('keeps the held part even when the publish write loses a race', async () => {
    const { post, inner, ledger } = await publishingPost(['only']);
    await ledger.delivered(part(0));
    // Someone else changed the post (a retraction mark) after the job read it.
    await store.change(post.id, (current) => ({ record: { ...current, warnings: ['marked'] } }));
    const published = await store.transition(post.id, 'published', { by: 'test', current: post, alsoSet: ledger.heldFields() });
    expect(published.state).toBe('published');
    expect(published.warnings).toEqual(['marked']);
    expect((await inner.entries()).get(0)?.delivered).toEqual(part(0));
  });

  it('writes a held part on flush, so a job that fails after its last part went out never sends it again', async () => {
    const { inner, ledger } = await publishingPost(['one']);
    await ledger.delivered(part(0));
    expect((await inner.entries()).size).toBe(0);
    await ledger.flush();
    expect((await inner.entries()).get(0)?.delivered).toEqual(part(0));
    await ledger.flush(); // nothing held any more: no second write needed
    expect(ledger.heldFields()).toBeUndefined();
  });

  it('refuses to prepare a new part while the worker drains, but still releases', async () => {
    const post = await postIn(store, 'publishing', draft('x', { texts: ['one'] }));
    const inner = new RedisLedger(redis, fx.keyPrefix, post.id);
    let draining = false;
    const ledger = new JobLedger(inner, { fields: {}, finalIndex: 0, draining: () => draining });
    expect(await ledger.prepare(0, { key: 'k1' })).toEqual({ key: 'k1' });
    draining = true;
    await expect(ledger.prepare(1, { key: 'k2' })).rejects.toBeInstanceOf(DrainingError);
    await ledger.release(0);
    expect((await inner.entries()).size).toBe(0);
  });
});

describe('PostStore.transitionFrom', () => {
  const first = (postId: string) => ({ key: `${fx.keyPrefix}ledger:${postId}`, field: 'p:0', value: JSON.stringify({ key: 'k' }) });

  it("claims from the caller's copy and writes the ledger's first field in the same step", async () => {
    const post = await postIn(store, 'scheduled', draft('x', { texts: ['one'] }));
    const claimed = await store.transitionFrom(post, 'publishing', { by: 'worker:test', first: first(post.id) });
    if (typeof claimed === 'string') throw new Error(`not claimed: ${claimed}`);
    expect([claimed.state, claimed.version]).toEqual(['publishing', post.version + 1]);
    expect(await store.get(post.id)).toEqual(claimed);
    expect(await redis.hgetall(first(post.id).key)).toEqual({ 'p:0': JSON.stringify({ key: 'k' }) });
    expect((await store.history(post.id)).at(-1)).toMatchObject({ from: 'scheduled', to: 'publishing', by: 'worker:test' });
  });

  it('writes nothing from a copy that is no longer the stored version', async () => {
    const post = await postIn(store, 'scheduled', draft('x', { texts: ['one'] }));
    const edited = await store.editParts(post.id, ['two'], { by: 'editor:test', expectedVersion: post.version });
    const before = await store.history(post.id);
    expect(await store.transitionFrom(post, 'publishing', { by: 'worker:test', first: first(post.id) })).toBe('stale');
    expect(await store.get(post.id)).toEqual(edited);
    expect(await store.history(post.id)).toEqual(before);
    expect(await redis.exists(first(post.id).key)).toBe(0);
  });

  it('writes nothing when the ledger already holds a record (a thread queued again part-way)', async () => {
    const post = await postIn(store, 'scheduled', draft('x', { texts: ['one', 'two'] }));
    const inner = new RedisLedger(redis, fx.keyPrefix, post.id);
    await inner.delivered(part(0));
    expect(await store.transitionFrom(post, 'publishing', { by: 'worker:test', first: first(post.id) })).toBe('ledger');
    expect(await store.get(post.id)).toEqual(post);
    expect(await redis.hkeys(inner.key)).toEqual(['d:0']);
  });

  it('refuses a change the state machine does not allow, before writing', async () => {
    const post = await postIn(store, 'published', draft('x', { texts: ['one'] }));
    await expect(store.transitionFrom(post, 'publishing', { by: 'worker:test', first: first(post.id) })).rejects.toThrow();
    expect((await store.get(post.id)).state).toBe('published');
  });
});

describe('JobLedger claiming with its first prepare', () => {
  async function queued(texts: string[]) {
    const post = await postIn(store, 'scheduled', draft('x', { texts }));
    const inner = new RedisLedger(redis, fx.keyPrefix, post.id);
    const ledger = new JobLedger(inner, {
      fields: {},
      finalIndex: texts.length - 1,
      draining: () => false,
      claimWithFirst: (f) => store.transitionFrom(post, 'publishing', { by: 'worker:test', first: f }),
    });
    return { post, inner, ledger };
  }

  it('the first prepare claims the post and records the part; later ones only record', async () => {
    const { post, inner, ledger } = await queued(['one', 'two']);
    expect(ledger.claimed).toBeUndefined();
    expect(await ledger.prepare(0, { key: 'k0' })).toEqual({ key: 'k0' });
    expect([ledger.claimed?.state, (await store.get(post.id)).state]).toEqual(['publishing', 'publishing']);
    expect(await ledger.prepare(1, { key: 'k1' })).toEqual({ key: 'k1' });
    expect((await inner.entries()).get(1)?.prepared).toEqual({ key: 'k1' });
    expect((await store.history(post.id)).filter((t) => t.to === 'publishing')).toHaveLength(1);
  });

  it('a post edited since the job was queued: ClaimLostError, and neither the post nor the ledger is touched', async () => {
    const { post, inner, ledger } = await queued(['one']);
    const edited = await store.editParts(post.id, ['two'], { by: 'editor:test', expectedVersion: post.version });
    await expect(ledger.prepare(0, { key: 'k0' })).rejects.toBeInstanceOf(ClaimLostError);
    expect([ledger.claimLost, ledger.claimed]).toEqual([true, undefined]);
    expect(await store.get(post.id)).toEqual(edited);
    expect((await inner.entries()).size).toBe(0);
  });

  it('draining refuses before claiming', async () => {
    const post = await postIn(store, 'scheduled', draft('x', { texts: ['one'] }));
    const inner = new RedisLedger(redis, fx.keyPrefix, post.id);
    const ledger = new JobLedger(inner, { fields: {}, finalIndex: 0, draining: () => true, claimWithFirst: (f) => store.transitionFrom(post, 'publishing', { by: 'w', first: f }) });
    await expect(ledger.prepare(0, { key: 'k0' })).rejects.toBeInstanceOf(DrainingError);
    expect([ledger.claimed, ledger.claimLost, (await store.get(post.id)).state]).toEqual([undefined, false, 'scheduled']);
  });
});
