import { describe, expect, it } from 'vitest';
import { InvalidPostPatchError, InvalidTransitionError, PostNotFoundError } from '../../src/domain/errors/index.js';
import { POST_STATES } from '../../src/posts/post.js';
import type { PostStore } from '../../src/posts/post-store.js';
import { ALLOWED } from './allowed-transitions.js';
import { usePostStore } from '../helpers/post-store.js';
import { postIn } from '../helpers/builders.js';

const fx = usePostStore();

describe('PostStore.transition', () => {
  it.each(ALLOWED)('moves %s → %s, bumps the version and moves the post between state indexes', async (from, to) => {
    const before = await postIn(fx.store, from);
    const after = await fx.store.transition(before.id, to, { by: 'editor:alice', reason: 'because' });
    expect(after.state).toBe(to);
    expect(after.version).toBe(before.version + 1);
    expect(await fx.store.get(before.id)).toEqual(after);
    expect(await fx.redis.zcard(fx.store.keys.byState(to))).toBe(1);
    if (from !== to) expect(await fx.redis.zcard(fx.store.keys.byState(from))).toBe(0);
    const history = await fx.store.history(before.id);
    expect(history[history.length - 1]).toEqual({ from, to, by: 'editor:alice', at: after.updatedAt, reason: 'because' });
  });

  const allowed = new Set(ALLOWED.map(([f, t]) => `${f}>${t}`));
  const refused = POST_STATES.flatMap((from) => POST_STATES.filter((to) => !allowed.has(`${from}>${to}`)).map((to) => [from, to] as const));

  it.each(refused)('refuses %s → %s and leaves the post as it was', async (from, to) => {
    const before = await postIn(fx.store, from);
    const historyBefore = await fx.store.history(before.id);
    const attempt = fx.store.transition(before.id, to, { by: 'editor:bob' });
    await expect(attempt).rejects.toThrow(InvalidTransitionError);
    await expect(attempt).rejects.toMatchObject({ from, to });
    expect(await fx.store.get(before.id)).toEqual(before);
    expect(await fx.store.history(before.id)).toEqual(historyBefore);
  });

  it('records who made every change and when, oldest first', async () => {
    const post = await postIn(fx.store, 'pending_review');
    await fx.store.transition(post.id, 'scheduled', { by: 'editor:alice' });
    await fx.store.transition(post.id, 'publishing', { by: 'worker:host-123' });
    await fx.store.transition(post.id, 'scheduled', { by: 'worker:host-123', reason: 'rate limited until 06:15' });
    expect(await fx.store.history(post.id)).toEqual([
      { from: null, to: 'pending_review', by: 'cms', at: '2025-08-25T06:00:00.000Z' },
      { from: 'pending_review', to: 'scheduled', by: 'editor:alice', at: '2025-08-25T06:00:01.000Z' },
      { from: 'scheduled', to: 'publishing', by: 'worker:host-123', at: '2025-08-25T06:00:02.000Z' },
      { from: 'publishing', to: 'scheduled', by: 'worker:host-123', at: '2025-08-25T06:00:03.000Z', reason: 'rate limited until 06:15' },
    ]);
  });

  it('applies the patch with the state change, and null clears a field', async () => {
    const post = await postIn(fx.store, 'publishing');
    const failed = await fx.store.transition(post.id, 'partially_published', {
      by: 'worker:host-1',
      patch: {
        delivered: [
          { index: 1, remoteId: 'r1', ref: { uri: 'at://x/1', cid: 'c1', nested: { a: [1, 2] } } },
          { index: 0, remoteId: 'r0', url: 'https://x.com/r0' },
        ],
        lastError: { kind: 'TransientError', message: 'HTTP 503', at: '2025-08-25T08:00:00+02:00' },
        attempts: 3,
      },
    });
    expect(failed.delivered.map((p) => p.index)).toEqual([0, 1]);
    expect(failed.lastError).toEqual({ kind: 'TransientError', message: 'HTTP 503', at: '2025-08-25T06:00:00.000Z' });
    expect(failed.attempts).toBe(3);
    expect(await fx.store.get(post.id)).toEqual(failed);

    const retried = await fx.store.transition(post.id, 'scheduled', {
      by: 'editor:alice',
      patch: { lastError: null, scheduledAt: '2025-08-25T07:00:00Z' },
    });
    expect(retried.lastError).toBeUndefined();
    expect(retried.scheduledAt).toBe('2025-08-25T07:00:00.000Z');
    expect(retried.delivered).toEqual(failed.delivered);
    const cleared = await fx.store.transition(post.id, 'scheduled', { by: 'editor:alice', patch: { scheduledAt: null } });
    expect('scheduledAt' in cleared).toBe(false);
  });

  it('refuses a patch the record cannot hold', async () => {
    const post = await postIn(fx.store, 'scheduled');
    await expect(fx.store.transition(post.id, 'scheduled', { by: 'e', patch: { scheduledAt: 'tomorrow-ish' } })).rejects.toThrow(InvalidPostPatchError);
    await expect(fx.store.transition(post.id, 'scheduled', { by: 'e', patch: { attempts: -1 } })).rejects.toThrow(InvalidPostPatchError);
    expect((await fx.store.get(post.id)).version).toBe(post.version);
  });

  it('says which post does not exist', async () => {
    await expect(fx.store.transition('p_missing', 'scheduled', { by: 'e' })).rejects.toThrow(PostNotFoundError);
    await expect(fx.store.get('p_missing')).rejects.toMatchObject({ postId: 'p_missing' });
    await expect(fx.store.history('p_missing')).rejects.toThrow(PostNotFoundError);
  });
});

describe('PostStore.recordDelivered', () => {
  it('adds each part once, in thread order, bumping the version only when something changed', async () => {
    const post = await postIn(fx.store, 'publishing');
    const historyBefore = await fx.store.history(post.id);
    const one = await fx.store.recordDelivered(post.id, { index: 1, remoteId: 'r1' });
    const zero = await fx.store.recordDelivered(post.id, { index: 0, remoteId: 'r0', ref: { uri: 'at://a', cid: 'b' } });
    const again = await fx.store.recordDelivered(post.id, { index: 1, remoteId: 'different' });
    expect(zero.delivered).toEqual([{ index: 0, remoteId: 'r0', ref: { uri: 'at://a', cid: 'b' } }, { index: 1, remoteId: 'r1' }]);
    expect(again).toEqual(zero);
    expect([one.version, zero.version, again.version]).toEqual([post.version + 1, post.version + 2, post.version + 2]);
    // Delivered parts are progress, not a change of state: the audit trail stays as it was.
    expect(await fx.store.history(post.id)).toEqual(historyBefore);
  });

  it('loses no part when many workers record at once', async () => {
    const post = await postIn(fx.store, 'publishing');
    await Promise.all(Array.from({ length: 10 }, (_, index) => fx.store.recordDelivered(post.id, { index, remoteId: `r${index}` })));
    const after = await fx.store.get(post.id);
    expect(after.delivered.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(after.version).toBe(post.version + 10);
  });
});
