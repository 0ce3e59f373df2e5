import { describe, expect, it } from 'vitest';
import type { PostRecord } from '../../src/posts/post.js';
import type { PostStore } from '../../src/posts/post-store.js';
import { draft } from '../helpers/builders.js';
import { usePostStore } from '../helpers/post-store.js';

const fx = usePostStore();

/** Three articles created a second apart (art-0 oldest), each with x (pending_review) and bluesky and mastodon (scheduled). */
async function seed(): Promise<PostRecord[][]> {
  const sets: PostRecord[][] = [];
  for (let i = 0; i < 3; i++) {
    const { posts } = await fx.store.createForArticle({
      articleId: `art-${i}`,
      revision: '1',
      drafts: [draft('x'), draft('bluesky'), draft('mastodon')],
      initialStateFor: (d) => (d.platform === 'x' ? 'pending_review' : 'scheduled'),
      scheduledAtFor: () => undefined,
      priority: 'normal',
      by: 'cms',
    });
    sets.push(posts);
  }
  return sets;
}

const idsOf = (posts: PostRecord[]) => posts.map((p) => p.id);
const newestFirst = (posts: PostRecord[]) => [...posts].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id));

describe('PostStore.list', () => {
  it('lists everything newest first', async () => {
    const sets = await seed();
    const { posts, nextCursor } = await fx.store.list();
    expect(idsOf(posts)).toEqual(idsOf(newestFirst(sets.flat())));
    expect(posts[0]!.articleId).toBe('art-2');
    expect(nextCursor).toBeUndefined();
  });

  it('lists by state, following state changes', async () => {
    const sets = await seed();
    const approved = await fx.store.transition(sets[0]![0]!.id, 'scheduled', { by: 'editor:alice' });
    const pending = await fx.store.list({ state: 'pending_review' });
    expect(idsOf(pending.posts)).toEqual([sets[2]![0]!.id, sets[1]![0]!.id]);
    const scheduled = await fx.store.list({ state: 'scheduled' });
    expect(scheduled.posts).toHaveLength(7);
    expect(scheduled.posts.every((p) => p.state === 'scheduled')).toBe(true);
    expect(scheduled.posts.map((p) => p.id)).toContain(approved.id);
    expect((await fx.store.list({ state: 'published' })).posts).toEqual([]);
  });

  it('lists by article, and by article and state together', async () => {
    const sets = await seed();
    expect(idsOf((await fx.store.list({ articleId: 'art-1' })).posts).sort()).toEqual(idsOf(sets[1]!).sort());
    const both = await fx.store.list({ articleId: 'art-1', state: 'scheduled' });
    expect(both.posts.map((p) => [p.articleId, p.platform]).sort()).toEqual([
      ['art-1', 'bluesky'],
      ['art-1', 'mastodon'],
    ]);
    expect((await fx.store.list({ articleId: 'nope' })).posts).toEqual([]);
  });

  it('pages with a cursor without skipping or repeating, across posts created in the same millisecond', async () => {
    const sets = await seed();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await fx.store.list({ limit: 2, cursor });
      seen.push(...idsOf(page.posts));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 20);
    expect(pages).toBe(5);
    expect(seen).toEqual(idsOf(newestFirst(sets.flat())));
  });

  it('pages through a filtered list too', async () => {
    await seed();
    const first = await fx.store.list({ state: 'scheduled', limit: 4 });
    expect(first.nextCursor).toBeDefined();
    const second = await fx.store.list({ state: 'scheduled', limit: 4, cursor: first.nextCursor });
    expect(first.posts).toHaveLength(4);
    expect(second.posts).toHaveLength(2);
    expect(second.nextCursor).toBeUndefined();
    expect(new Set([...idsOf(first.posts), ...idsOf(second.posts)]).size).toBe(6);
  });
});
