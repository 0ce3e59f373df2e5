import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import type { DeliveredPart, DeliveryLedger, DeliveryResult, JsonObject, LedgerEntry } from '../../src/domain/delivery.js';
import { draft } from '../helpers/builders.js';
import type { PlatformId } from '../../src/domain/platform.js';
import type { Draft } from '../../src/domain/draft.js';
import type { PlatformAdapter } from '../../src/platforms/adapter.js';
import { MastodonAdapter } from '../../src/platforms/mastodon/adapter.js';
import { XAdapter } from '../../src/platforms/x/adapter.js';
import { RedisLedger } from '../../src/posts/redis-ledger.js';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon.js';
import { startFakeX, type FakeX } from '../fakes/x-api.js';
import { adapterFor, listPosts, makeDraft, newAccount, useBlueskyEnv } from '../platforms/bluesky/setup.js';
import { useRedis } from '../helpers/redis.js';

/**
 * Two workers on one post: what BullMQ does when a job's lock runs out (a long GC pause, a stopped
 * process) while its first worker still runs, and a second worker takes the stalled job over. Each
 * worker has its own adapter and its own RedisLedger on the same post's key. The barrier makes both
 * read the empty ledger before either prepares a part, the interleaving that used to post twice.
 */
class RacingLedger implements DeliveryLedger {
  constructor(
    private readonly inner: RedisLedger,
    private readonly barrier: Barrier,
  ) {}

  async entries(): Promise<Map<number, LedgerEntry>> {
    const entries = await this.inner.entries();
    await this.barrier.arrive();
    return entries;
  }

  prepare(index: number, data: JsonObject): Promise<JsonObject> {
    return this.inner.prepare(index, data);
  }

  delivered(part: DeliveredPart): Promise<void> {
    return this.inner.delivered(part);
  }

  release(index: number): Promise<void> {
    return this.inner.release(index);
  }
}

/** Resolves everyone's `arrive()` once `count` callers have arrived (only the first round counts). */
class Barrier {
  private arrived = 0;
  private open!: () => void;
  private readonly opened = new Promise<void>((resolve) => (this.open = resolve));

  constructor(private readonly count: number) {}

  arrive(): Promise<void> {
    this.arrived += 1;
    if (this.arrived >= this.count) this.open();
    return this.opened;
  }
}

const TEXTS = ['Racing part one https://example.com/news/race', 'Racing part two', 'Racing part three'];

async function race(redis: Redis, prefix: string, postId: string, adapters: [PlatformAdapter, PlatformAdapter], draft: Draft) {
  const barrier = new Barrier(2);
  const results = await Promise.allSettled(
    adapters.map((adapter) => adapter.post(draft, new RacingLedger(new RedisLedger(redis, prefix, postId), barrier))),
  );
  const stored = await new RedisLedger(redis, prefix, postId).entries();
  return { results, stored };
}

const raceDraft = (platform: PlatformId, limit: number): Draft =>
  draft(platform, { texts: TEXTS, limit, articleId: 'race', link: { url: 'https://example.com/news/race', title: 'Race', description: '' } });

function fulfilled(results: PromiseSettledResult<DeliveryResult>[]): DeliveryResult[] {
  return results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
}

describe('two workers racing on one post under a lost lock', () => {
  const fx = useRedis();

  describe('X (no idempotency key: the ledger plus reconciliation)', () => {
    let fake: FakeX;
    const credentials = { apiKey: 'race-ck', apiSecret: 'race-cs', accessToken: 'race-at', accessSecret: 'race-as' };
    beforeEach(async () => {
      fake = await startFakeX({ credentials });
    });
    afterEach(async () => {
      await fake.close();
    });

    it('posts each part once, and both workers end with the same tweet ids', async () => {
      const make = () => new XAdapter({ account: 'default', credentials: { ...credentials, apiUrl: fake.url }, fetchMedia: async () => { throw new Error('no media in this test'); } });
      const adapters: [XAdapter, XAdapter] = [make(), make()];
      const draft = raceDraft('x', 280);
      try {
        const { results, stored } = await race(fx.redis, fx.prefix, 'p_race_x', adapters, draft);
        const live = fake.liveTweets();
        expect(live.map((t) => t.sentText)).toEqual(TEXTS);
        const ok = fulfilled(results);
        expect(ok.length).toBeGreaterThanOrEqual(1);
        for (const result of ok) expect(result.parts.map((p) => p.remoteId)).toEqual(live.map((t) => t.id));
        expect([0, 1, 2].map((i) => stored.get(i)?.delivered?.remoteId)).toEqual(live.map((t) => t.id));
      } finally {
        await Promise.all(adapters.map((a) => a.close()));
      }
    });
  });

  describe('Mastodon (one Idempotency-Key per part, whoever prepared first)', () => {
    let fake: FakeMastodon;
    beforeEach(async () => {
      fake = await startFakeMastodon({ accessToken: 'race-token' });
    });
    afterEach(async () => {
      await fake.close();
    });

    it('posts each part once, and both workers send the same key for it', async () => {
      const make = () =>
        new MastodonAdapter({
          account: 'default',
          credentials: { url: fake.url, accessToken: 'race-token', visibility: 'unlisted' },
          fetchMedia: async () => {
            throw new Error('no media in this test');
          },
        });
      const draft = raceDraft('mastodon', 500);
      const { results, stored } = await race(fx.redis, fx.prefix, 'p_race_m', [make(), make()], draft);
      const live = fake.liveStatuses();
      expect(live.map((s) => s.text)).toEqual(TEXTS);
      const ok = fulfilled(results);
      expect(ok).toHaveLength(2);
      for (const result of ok) expect(result.parts.map((p) => p.remoteId)).toEqual(live.map((s) => s.id));
      const statusPosts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
      // Both workers sent every part, under one key per part: the instance created each status once.
      expect(statusPosts).toHaveLength(6);
      const keys = [...stored.values()].map((e) => e.prepared?.idempotencyKey);
      expect(new Set(statusPosts.map((r) => r.headers['idempotency-key']))).toEqual(new Set(keys));
    });
  });

  describe('Bluesky on a real PDS (one record key per part, whoever prepared first)', () => {
    const env = useBlueskyEnv();

    it('writes each part under one record key, so the account holds one copy of the thread', async () => {
      const account = await newAccount(env);
      const adapters: [PlatformAdapter, PlatformAdapter] = [adapterFor(env, account), adapterFor(env, account)];
      try {
        const { results, stored } = await race(fx.redis, fx.prefix, 'p_race_b', adapters, makeDraft(TEXTS));
        const ok = fulfilled(results);
        expect(ok).toHaveLength(2);
        expect(ok[0]!.parts.map((p) => p.remoteId)).toEqual(ok[1]!.parts.map((p) => p.remoteId));
        const posts = await listPosts(env, account.did);
        expect(posts.map((p) => p.value.text).sort()).toEqual([...TEXTS].sort());
        const rkeys = [...stored.values()].map((e) => e.prepared?.rkey);
        expect(new Set(posts.map((p) => p.uri.split('/').pop()))).toEqual(new Set(rkeys));
      } finally {
        await Promise.all(adapters.map((a) => a.close?.()));
      }
    });
  });
});
