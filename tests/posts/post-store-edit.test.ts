import { describe, expect, it } from 'vitest';
import { InvalidStateError, PartsInvalidError, VersionConflictError } from '../../src/domain/errors/index.js';
import { PostStore } from '../../src/posts/post-store.js';
import { mastodonProfileFor } from '../../src/platforms/mastodon/limits.js';
import { newRedis } from '../helpers/redis.js';
import { draft, postIn } from '../helpers/builders.js';
import { usePostStore, tickingStore } from '../helpers/post-store.js';

const fx = usePostStore();

async function partsError(attempt: Promise<unknown>): Promise<PartsInvalidError> {
  const err: unknown = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PartsInvalidError);
  return err as PartsInvalidError;
}

describe('PostStore.editParts', () => {
  it("measures against the account's own profile when the store has one (a Mastodon instance that takes 1,000)", async () => {
    const roomy = new PostStore(fx.redis, {
      prefix: fx.keyPrefix,
      profileFor: (target) => (target.platform === 'mastodon' ? mastodonProfileFor({ maxCharacters: 1000, charactersReservedPerUrl: 23 }) : undefined),
    });
    const post = await postIn(roomy, 'pending_review', draft('mastodon'));
    const edited = await roomy.editParts(post.id, ['a'.repeat(700)], { by: 'editor:alice', expectedVersion: post.version });
    expect(edited.draft.parts[0]).toMatchObject({ length: 700, limit: 1000 });
    // The platform's default profile would refuse it.
    const plain = await postIn(fx.store, 'pending_review', draft('mastodon'));
    await partsError(fx.store.editParts(plain.id, ['a'.repeat(700)], { by: 'editor:alice', expectedVersion: plain.version }));
  });

  it('replaces the texts, re-measures them as the platform counts, and records the edit', async () => {
    const post = await postIn(fx.store, 'scheduled');
    const texts = ['字'.repeat(140), 'Read more: https://example.com/a/very/long/path/that/x/counts/as/twenty-three'];
    const edited = await fx.store.editParts(post.id, texts, { by: 'editor:alice', expectedVersion: post.version });
    expect(edited.draft.parts).toEqual([
      { text: texts[0], length: 280, limit: 280 },
      { text: texts[1], length: 11 + 23, limit: 280 },
    ]);
    expect(edited.version).toBe(post.version + 1);
    expect(edited.state).toBe('scheduled');
    expect(await fx.store.get(post.id)).toEqual(edited);
    const history = await fx.store.history(post.id);
    expect(history[history.length - 1]).toEqual({ from: 'scheduled', to: 'scheduled', by: 'editor:alice', at: edited.updatedAt, reason: 'edited parts' });
  });

  it('rejects X parts over 280 weighted characters, naming each one', async () => {
    const post = await postIn(fx.store, 'pending_review');
    const err = await partsError(
      fx.store.editParts(post.id, ['fine', '字'.repeat(141), 'a'.repeat(281)], { by: 'editor:alice', expectedVersion: post.version }),
    );
    expect(err.issues).toEqual([
      { index: 1, message: '282 is over the limit of 280 as x counts', length: 282, limit: 280 },
      { index: 2, message: '281 is over the limit of 280 as x counts', length: 281, limit: 280 },
    ]);
    expect(await fx.store.get(post.id)).toEqual(post);
  });

  it('counts Bluesky in graphemes: 301 is refused, 300 decomposed accents fit', async () => {
    const post = await postIn(fx.store, 'scheduled', draft('bluesky'));
    const err = await partsError(fx.store.editParts(post.id, ['a'.repeat(301)], { by: 'editor:alice', expectedVersion: post.version }));
    expect(err.issues).toEqual([{ index: 0, message: '301 is over the limit of 300 as bluesky counts', length: 301, limit: 300 }]);

    const accents = 'e\u0301'.repeat(300);
    const edited = await fx.store.editParts(post.id, [accents], { by: 'editor:alice', expectedVersion: post.version });
    expect(edited.draft.parts).toEqual([{ text: accents, length: 300, limit: 300 }]);
  });

  it('refuses empty parts, an empty thread and more parts than the platform chains', async () => {
    const post = await postIn(fx.store, 'scheduled');
    const empty = await partsError(fx.store.editParts(post.id, ['ok', '  '], { by: 'e', expectedVersion: post.version }));
    expect(empty.issues).toEqual([{ index: 1, message: 'empty', length: 2, limit: 280 }]);
    const none = await partsError(fx.store.editParts(post.id, [], { by: 'e', expectedVersion: post.version }));
    expect(none.issues).toEqual([{ message: 'a post needs at least one part' }]);
    const many = await partsError(fx.store.editParts(post.id, Array.from({ length: 26 }, () => 'x'), { by: 'e', expectedVersion: post.version }));
    expect(many.issues).toEqual([{ message: '26 parts, but x threads take at most 25' }]);
  });

  it("gives the first part of a post with a photo the platform's caption limit", async () => {
    const withPhoto = { ...draft('telegram'), media: [{ url: 'https://example.com/p.jpg', alt: 'A photo' }] };
    const post = await postIn(fx.store, 'scheduled', withPhoto);
    const err = await partsError(fx.store.editParts(post.id, ['a'.repeat(1025), 'a'.repeat(1025)], { by: 'e', expectedVersion: post.version }));
    expect(err.issues).toEqual([{ index: 0, message: '1025 is over the limit of 1024 as telegram counts', length: 1025, limit: 1024 }]);
  });

  it.each(['publishing', 'published', 'failed', 'partially_published', 'cancelled'] as const)('refuses to edit a post that is %s', async (state) => {
    const post = await postIn(fx.store, state);
    const attempt = fx.store.editParts(post.id, ['new text'], { by: 'editor:alice', expectedVersion: post.version });
    await expect(attempt).rejects.toThrow(InvalidStateError);
    await expect(attempt).rejects.toMatchObject({ state });
    expect(await fx.store.get(post.id)).toEqual(post);
  });

  it('keeps the parts that already went out when a partial thread waits for its retry', async () => {
    const post = await postIn(fx.store, 'scheduled', draft('x', { texts: ['one', 'two', 'three'] }));
    await fx.store.transition(post.id, 'publishing', { by: 'worker:w1' });
    await fx.store.transition(post.id, 'partially_published', { by: 'worker:w1', patch: { delivered: [{ index: 0, remoteId: 'r0' }] } });
    const waiting = await fx.store.transition(post.id, 'scheduled', { by: 'editor:alice' });

    const changed = await partsError(fx.store.editParts(post.id, ['ONE', 'two'], { by: 'editor:alice', expectedVersion: waiting.version }));
    expect(changed.issues).toEqual([{ index: 0, message: 'this part already went out and cannot be changed' }]);
    const removed = await partsError(fx.store.editParts(post.id, [], { by: 'editor:alice', expectedVersion: waiting.version }));
    expect(removed.issues).toContainEqual({ index: 0, message: 'this part already went out and cannot be removed' });

    const edited = await fx.store.editParts(post.id, ['one', 'two, fixed'], { by: 'editor:alice', expectedVersion: waiting.version });
    expect(edited.draft.parts.map((p) => p.text)).toEqual(['one', 'two, fixed']);
  });
});

describe('versions', () => {
  it('lets the first of two editors win and tells the second the current version', async () => {
    const post = await postIn(fx.store, 'scheduled');
    const alice = await fx.store.editParts(post.id, ['Alice was here'], { by: 'editor:alice', expectedVersion: post.version });
    const bob = fx.store.editParts(post.id, ['Bob was here'], { by: 'editor:bob', expectedVersion: post.version });
    await expect(bob).rejects.toThrow(VersionConflictError);
    await expect(bob).rejects.toMatchObject({ postId: post.id, expectedVersion: post.version, currentVersion: alice.version });
    expect((await fx.store.get(post.id)).draft.parts[0]!.text).toBe('Alice was here');
  });

  it('applies the expected version to transitions too', async () => {
    const post = await postIn(fx.store, 'pending_review');
    await fx.store.transition(post.id, 'scheduled', { by: 'system:hold-window', expectedVersion: post.version });
    await expect(fx.store.transition(post.id, 'rejected', { by: 'editor:bob', expectedVersion: post.version })).rejects.toMatchObject({
      currentVersion: post.version + 1,
    });
    expect((await fx.store.get(post.id)).state).toBe('scheduled');
  });

  it('lets exactly one of many concurrent edits at the same version through', async () => {
    const post = await postIn(fx.store, 'scheduled');
    const clients = Array.from({ length: 4 }, () => newRedis());
    try {
      const stores = clients.map((c) => tickingStore(c, fx.keyPrefix));
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) => stores[i % stores.length]!.editParts(post.id, [`edit ${i}`], { by: `editor:${i}`, expectedVersion: post.version })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(VersionConflictError);
      const after = await fx.store.get(post.id);
      expect(after.version).toBe(post.version + 1);
      expect((await fx.store.history(post.id)).filter((t) => t.reason === 'edited parts')).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });
});
