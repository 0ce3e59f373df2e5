import type { Redis } from 'ioredis';
import type { Draft } from '../../src/domain/draft.js';
import type { PostRecord, PostState } from '../../src/posts/post.js';
import { PostStore } from '../../src/posts/post-store.js';
import { draft } from './drafts.js';
import type { RedisFixture } from './redis-fixture.js';

/** A store whose clock ticks one second per reading, so every write has its own, predictable time. */
export function tickingStore(redis: Redis, fx: RedisFixture, start = Date.parse('2025-08-25T06:00:00Z')): PostStore {
  let tick = 0;
  return new PostStore(redis, { prefix: fx.prefix, now: () => new Date(start + 1000 * tick++) });
}

/** One post, created through the store and walked to `state` along allowed transitions. */
export async function postIn(store: PostStore, state: PostState, d: Draft = draft('x'), articleId = `art-${Math.random()}`): Promise<PostRecord> {
  const { posts } = await store.createForArticle({
    articleId,
    revision: '1',
    drafts: [{ ...d, articleId }],
    initialStateFor: () => 'pending_review',
    scheduledAtFor: () => undefined,
    priority: 'normal',
    by: 'cms',
  });
  const post = posts[0]!;
  const path: Record<PostState, PostState[]> = {
    pending_review: [],
    scheduled: ['scheduled'],
    publishing: ['scheduled', 'publishing'],
    published: ['scheduled', 'publishing', 'published'],
    failed: ['scheduled', 'publishing', 'failed'],
    partially_published: ['scheduled', 'publishing', 'partially_published'],
    rejected: ['rejected'],
    cancelled: ['cancelled'],
    retracted: ['scheduled', 'publishing', 'published', 'retracted'],
  };
  let current = post;
  for (const step of path[state]) current = await store.transition(post.id, step, { by: 'test' });
  return current;
}
