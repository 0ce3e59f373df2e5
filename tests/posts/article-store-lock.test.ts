import type { Redis } from 'ioredis';
import { beforeEach, describe, expect, it } from 'vitest';
import { ArticleBusyError } from '../../src/domain/errors/index.js';
import { ArticleStore, type ArticleRecord } from '../../src/posts/article-store.js';
import { PostKeys } from '../../src/posts/post-keys.js';
import { PostStore } from '../../src/posts/post-store.js';
import { draft } from '../helpers/builders.js';
import { useRedis } from '../helpers/redis.js';

const fx = useRedis();
let redis: Redis;
let keys: PostKeys;

beforeEach(() => {
  redis = fx.redis;
  keys = new PostKeys(fx.keyPrefix);
});

const record = (count: number): ArticleRecord & { count: number } => ({ id: 'art-1', status: 'published', updatedAt: '2025-08-25T06:00:00.000Z', count });
const entry = (n: number) => ({ at: '2025-08-25T06:00:00.000Z', by: 'test', action: `step ${n}` });
const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe('ArticleStore.withArticle', () => {
  it('serialises events of one article: each reads what the one before wrote, none is lost', async () => {
    const articles = new ArticleStore(redis, keys);
    await Promise.all(
      Array.from({ length: 10 }, (_, n) =>
        articles.withArticle('art-1', undefined, async ({ record: current }) => {
          const count = ((current as { count?: number } | undefined)?.count ?? 0) + 1;
          // A gap between read and write: without the lock, the others would read the same count.
          await tick();
          return { value: count, write: { record: record(count), entry: entry(n) } };
        }),
      ),
    );
    expect(((await articles.get('art-1')) as { count?: number } | undefined)?.count).toBe(10);
    expect(await articles.log('art-1')).toHaveLength(10);
    expect(await redis.exists(keys.articleLock('art-1'))).toBe(0);
  });

  it('reads the guard, the record and the posts in the step that takes the lock, and sets the guard with the write', async () => {
    const articles = new ArticleStore(redis, keys);
    const store = new PostStore(redis, { prefix: fx.keyPrefix });
    const { posts } = await store.createForArticle({
      articleId: 'art-1',
      revision: '1',
      drafts: [draft('x'), draft('mastodon')].map((d) => ({ ...d, articleId: 'art-1' })),
      initialStateFor: () => 'scheduled',
      scheduledAtFor: () => undefined,
      priority: 'normal',
      by: 'cms',
    });
    const first = await articles.withArticle('art-1', '2', async (opened) => ({
      value: opened,
      write: { record: record(1), entry: { ...entry(1), posts: ['p1'] }, acceptedRevision: '2' },
    }));
    expect(first.accepted).toBe(false);
    expect(first.record).toBeUndefined();
    expect(first.posts.map((p) => p.id)).toEqual(await store.forArticle('art-1').then((all) => all.map((p) => p.id)));
    expect(first.posts.map((p) => p.id).sort()).toEqual(posts.map((p) => p.id).sort());

    const again = await articles.withArticle('art-1', '2', async (opened) => ({ value: opened }));
    expect(again.accepted).toBe(true);
    expect(again.record).toEqual(record(1));
    expect(JSON.parse((await redis.get(keys.accepted('art-1', '2')))!)).toEqual(['p1']);
    expect((await articles.withArticle('art-1', '3', async (opened) => ({ value: opened }))).accepted).toBe(false);
  });

  it('a holder whose lock expired under it writes, but leaves the next holder its lock', async () => {
    const articles = new ArticleStore(redis, keys, { lockTtlMs: 100 });
    let secondIn: () => void = () => undefined;
    const secondStarted = new Promise<void>((resolve) => (secondIn = resolve));
    let firstDone: () => void = () => undefined;
    const firstFinished = new Promise<void>((resolve) => (firstDone = resolve));
    let lockWhileSecondHeldIt: number | undefined;

    let second: Promise<string> | undefined;
    await articles.withArticle('art-1', undefined, async () => {
      second = articles.withArticle('art-1', undefined, async () => {
        secondIn();
        await firstFinished;
        lockWhileSecondHeldIt = await redis.exists(keys.articleLock('art-1'));
        return { value: 'second' };
      });
      // The first holds on until its lock expires and the second has it.
      await secondStarted;
      return { value: undefined, write: { record: record(1), entry: entry(1) } };
    });
    firstDone();
    expect(await second).toBe('second');
    expect(lockWhileSecondHeldIt).toBe(1);
    expect(await articles.log('art-1')).toHaveLength(1);
    expect(await redis.exists(keys.articleLock('art-1'))).toBe(0);
  });

  it('gives the lock back when the work throws, so the next event gets it at once', async () => {
    const articles = new ArticleStore(redis, keys, { lockWaitMs: 0 });
    class Broken extends Error {}
    await expect(articles.withArticle('art-1', undefined, async () => Promise.reject(new Broken('compose broke')))).rejects.toBeInstanceOf(Broken);
    expect(await redis.exists(keys.articleLock('art-1'))).toBe(0);
    expect(await articles.withArticle('art-1', undefined, async () => ({ value: 'next' }))).toBe('next');
  });

  it('answers ArticleBusyError when another holder keeps the lock past the wait, and reads nothing meanwhile', async () => {
    const articles = new ArticleStore(redis, keys, { lockWaitMs: 30 });
    await redis.set(keys.articleLock('art-1'), 'someone-else', 'PX', 10_000);
    let ran = false;
    await expect(
      articles.withArticle('art-1', '1', async () => {
        ran = true;
        return { value: undefined };
      }),
    ).rejects.toBeInstanceOf(ArticleBusyError);
    expect(ran).toBe(false);
    expect(await redis.get(keys.articleLock('art-1'))).toBe('someone-else');
  });
});
