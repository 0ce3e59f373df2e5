import { describe, expect, it } from 'vitest';
import { PostNotFoundError } from '../../src/domain/errors/index.js';
import { PostStore } from '../../src/posts/post-store.js';
import { postIn } from '../helpers/builders.js';
import { useRedis } from '../helpers/redis.js';

describe('PostStore refuses ids of the wrong shape before asking Redis', () => {
  const fx = useRedis();

  it('`<id>:history` names the history list: get, history and transition say not found instead of WRONGTYPE', async () => {
    const store = new PostStore(fx.redis, { prefix: fx.keyPrefix });
    const post = await postIn(store, 'pending_review');
    const other = `${post.id}:history`;
    // The key exists, as a list: reading it as the record's hash is what used to fail.
    expect(await fx.redis.type(`${fx.keyPrefix}post:${other}`)).toBe('list');
    await expect(store.get(other)).rejects.toBeInstanceOf(PostNotFoundError);
    await expect(store.history(other)).rejects.toBeInstanceOf(PostNotFoundError);
    await expect(store.transition(other, 'scheduled', { by: 'test' })).rejects.toBeInstanceOf(PostNotFoundError);
    await expect(store.editParts(other, ['x'], { by: 'test', expectedVersion: 1 })).rejects.toBeInstanceOf(PostNotFoundError);
    expect((await store.get(post.id)).id).toBe(post.id);
  });

  it.each(['', 'p_', 'p_0123456789abcdef0123456', 'p_0123456789ABCDEF01234567', 'P_0123456789abcdef01234567', 'p_0123456789abcdef01234567x', '../p_0123456789abcdef01234567'])(
    '%j is not a post id',
    async (id) => {
      await expect(new PostStore(fx.redis, { prefix: fx.keyPrefix }).get(id)).rejects.toBeInstanceOf(PostNotFoundError);
    },
  );
});
