import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateDraftError } from '../../src/domain/errors/index.js';
import { postIdFor } from '../../src/posts/post.js';
import { PostStore, type CreateForArticleInput } from '../../src/posts/post-store.js';
import { newRedis } from '../helpers/redis.js';
import { draft } from '../helpers/builders.js';
import { usePostStore } from '../helpers/post-store.js';

const fx = usePostStore({ clock: 'fixed' });
afterEach(async () => {
  // Runs before the fixture's own cleanup (hooks run last-registered first): nothing may be left outside the prefix's reach.
  await fx.cleanup();
  expect(await fx.keys()).toEqual([]);
});

function input(overrides: Partial<CreateForArticleInput> = {}): CreateForArticleInput {
  return {
    articleId: 'art-1',
    revision: '1',
    drafts: [draft('x'), draft('bluesky'), draft('mastodon')],
    initialStateFor: (d) => (d.platform === 'x' ? 'pending_review' : 'scheduled'),
    scheduledAtFor: (d) => (d.platform === 'x' ? undefined : '2025-08-25T08:00:00+02:00'),
    priority: 'normal',
    by: 'cms',
    ...overrides,
  };
}

describe('PostStore.createForArticle', () => {
  it('creates one post per draft with its initial state, schedule and a creation entry', async () => {
    const { created, posts } = await fx.store.createForArticle(input());
    expect(created).toBe(true);
    expect(posts.map((p) => [p.platform, p.state, p.scheduledAt])).toEqual([
      ['x', 'pending_review', undefined],
      ['bluesky', 'scheduled', '2025-08-25T06:00:00.000Z'],
      ['mastodon', 'scheduled', '2025-08-25T06:00:00.000Z'],
    ]);
    const x = posts[0]!;
    expect(x).toMatchObject({
      id: postIdFor('art-1', 'x', 'default'),
      articleId: 'art-1',
      revision: '1',
      account: 'default',
      version: 1,
      priority: 'normal',
      createdAt: '2025-08-25T06:00:00.000Z',
      updatedAt: '2025-08-25T06:00:00.000Z',
      delivered: [],
      attempts: 0,
    });
    expect(await fx.store.get(x.id)).toEqual(x);
    expect(await fx.store.history(x.id)).toEqual([{ from: null, to: 'pending_review', by: 'cms', at: '2025-08-25T06:00:00.000Z' }]);
  });

  it('returns the same posts and writes nothing when the same revision comes again', async () => {
    const first = await fx.store.createForArticle(input());
    const keysBefore = (await fx.keys()).sort();
    const dumpBefore = await Promise.all(keysBefore.map((k) => fx.redis.dump(k)));

    const again = await fx.store.createForArticle(input({ drafts: [draft('x'), draft('telegram')], by: 'cms-retry', priority: 'breaking' }));
    expect(again.created).toBe(false);
    expect(again.posts).toEqual(first.posts);
    const keysAfter = (await fx.keys()).sort();
    expect(keysAfter).toEqual(keysBefore);
    expect(await Promise.all(keysAfter.map((k) => fx.redis.dump(k)))).toEqual(dumpBefore);
  });

  it('makes no second set for a new revision of the same article: the post ids are per (article, account)', async () => {
    const first = await fx.store.createForArticle(input());
    const second = await fx.store.createForArticle(input({ revision: '2' }));
    expect(second.posts.map((p) => p.id)).toEqual(first.posts.map((p) => p.id));
    expect((await fx.store.list({ articleId: 'art-1' })).posts).toHaveLength(3);
  });

  it('creates exactly one set when 20 deliveries of the same event race', async () => {
    const clients = Array.from({ length: 4 }, () => newRedis());
    try {
      const stores = clients.map((c) => new PostStore(c, { prefix: fx.keyPrefix }));
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % stores.length]!.createForArticle(input())));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const ids = results[0]!.posts.map((p) => p.id);
      for (const r of results) expect(r.posts.map((p) => p.id)).toEqual(ids);
      expect(await fx.redis.zcard(fx.store.keys.all())).toBe(3);
      for (const id of ids) expect(await fx.store.history(id)).toHaveLength(1);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('refuses two drafts for the same account, before writing anything', async () => {
    await expect(fx.store.createForArticle(input({ drafts: [draft('x'), draft('x')] }))).rejects.toThrow(DuplicateDraftError);
    expect(await fx.keys()).toEqual([]);
  });

  it('keeps every key under the prefix', async () => {
    const { posts } = await fx.store.createForArticle(input());
    await fx.store.transition(posts[0]!.id, 'scheduled', { by: 'editor:alice' });
    const keys = await fx.keys();
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) expect(key.startsWith(fx.keyPrefix)).toBe(true);
    expect(keys).toContain(`${fx.keyPrefix}post:${posts[0]!.id}`);
    expect(keys).toContain(`${fx.keyPrefix}post:${posts[0]!.id}:history`);
    expect(keys).toContain(`${fx.keyPrefix}posts:state:scheduled`);
  });
});
