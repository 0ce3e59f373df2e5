import type { Redis } from 'ioredis';
import { beforeEach } from 'vitest';
import { PostStore } from '../../src/posts/post-store.js';
import { useRedis, type TestRedis } from './redis.js';

export const STORE_START = Date.parse('2025-08-25T06:00:00Z');

export interface PostStoreFixture extends TestRedis {
  /** A new store on a new prefix for each test. */
  readonly store: PostStore;
}

/** A store whose clock ticks one second per reading, so every write has its own, predictable time. */
export function tickingStore(redis: Redis, keyPrefix: string, start = STORE_START): PostStore {
  let tick = 0;
  return new PostStore(redis, { prefix: keyPrefix, now: () => new Date(start + 1000 * tick++) });
}

/**
 * A PostStore on the test's Redis prefix. Its clock either ticks one second per reading, so every
 * write has its own, predictable time (`ticking`, the default), or stands still at STORE_START.
 */
export function usePostStore(options: { clock?: 'ticking' | 'fixed' } = {}): PostStoreFixture {
  const fx = useRedis();
  let store: PostStore | undefined;
  beforeEach(() => {
    store =
      options.clock === 'fixed'
        ? new PostStore(fx.redis, { prefix: fx.keyPrefix, now: () => new Date(STORE_START) })
        : tickingStore(fx.redis, fx.keyPrefix);
  });
  return Object.create(fx, {
    store: {
      get() {
        if (!store) throw new Error('usePostStore: the store is only there inside tests and hooks');
        return store;
      },
    },
  }) as PostStoreFixture;
}
