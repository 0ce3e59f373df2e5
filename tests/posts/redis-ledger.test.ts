import { afterEach, describe, expect, it } from 'vitest';
import type { DeliveryLedger, JsonObject } from '../../src/domain/delivery.js';
import { MemoryLedger } from '../../src/domain/memory-ledger.js';
import { RedisLedger } from '../../src/posts/redis-ledger.js';
import { newRedis, useRedis } from '../helpers/redis.js';

const fx = useRedis();
afterEach(async () => {
  // Runs before the fixture's own cleanup (hooks run last-registered first): nothing may be left outside the prefix's reach.
  await fx.cleanup();
  expect(await fx.keys()).toEqual([]);
});

const record: JsonObject = {
  rkey: '3lbxyz2abc22k',
  record: {
    $type: 'app.bsky.feed.post',
    text: 'Beijing Backs Islamabad’s … 🇵🇰',
    createdAt: '2025-08-25T06:00:00.000Z',
    reply: { root: { uri: 'at://did:plc:a/app.bsky.feed.post/1', cid: 'bafy1' }, parent: { uri: 'at://did:plc:a/app.bsky.feed.post/1', cid: 'bafy1' } },
    facets: [{ index: { byteStart: 0, byteEnd: 7 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'news' }] }],
    langs: ['en'],
    embed: null,
    pinned: false,
  },
};

describe('RedisLedger', () => {
  it('starts empty', async () => {
    expect(await new RedisLedger(fx.redis, fx.keyPrefix, 'p_1').entries()).toEqual(new Map());
  });

  it('round-trips prepared and delivered entries, nested JSON included, in the documented hash', async () => {
    const ledger = new RedisLedger(fx.redis, fx.keyPrefix, 'p_1');
    await ledger.prepare(0, record);
    await ledger.delivered({ index: 0, remoteId: 'at://did:plc:a/app.bsky.feed.post/3lbxyz2abc22k', url: 'https://bsky.app/x', ref: { uri: 'at://u', cid: 'c', deep: { list: [1, 'two', { three: true }] } } });
    await ledger.prepare(1, { idempotencyKey: 'k-1' });

    const entries = await ledger.entries();
    expect(entries).toEqual(
      new Map([
        [0, { prepared: record, delivered: { index: 0, remoteId: 'at://did:plc:a/app.bsky.feed.post/3lbxyz2abc22k', url: 'https://bsky.app/x', ref: { uri: 'at://u', cid: 'c', deep: { list: [1, 'two', { three: true }] } } } }],
        [1, { prepared: { idempotencyKey: 'k-1' } }],
      ]),
    );
    expect(Object.keys(await fx.redis.hgetall(`${fx.keyPrefix}ledger:p_1`)).sort()).toEqual(['d:0', 'p:0', 'p:1']);
  });

  it('keeps the first prepared entry when a second attempt prepares the same part', async () => {
    const first = new RedisLedger(fx.redis, fx.keyPrefix, 'p_1');
    const second = new RedisLedger(fx.redis, fx.keyPrefix, 'p_1');
    await first.prepare(0, { idempotencyKey: 'first' });
    await second.prepare(0, { idempotencyKey: 'second' });
    expect(await second.prepare(0, { idempotencyKey: 'third' })).toEqual({ idempotencyKey: 'first' });
    expect((await first.entries()).get(0)).toEqual({ prepared: { idempotencyKey: 'first' } });
  });

  it('gives every one of many racing workers the same winning record', async () => {
    const clients = Array.from({ length: 4 }, () => newRedis());
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => new RedisLedger(clients[i % clients.length]!, fx.keyPrefix, 'p_1').prepare(2, { rkey: `key-${i}` })),
      );
      const stored = (await new RedisLedger(fx.redis, fx.keyPrefix, 'p_1').entries()).get(2)?.prepared;
      expect(stored).toBeDefined();
      for (const r of results) expect(r).toEqual(stored);
    } finally {
      await Promise.all(clients.map((c) => c.quit()));
    }
  });

  it('forgets a released part so the next attempt prepares afresh, but never a delivered one', async () => {
    const ledger = new RedisLedger(fx.redis, fx.keyPrefix, 'p_1');
    await ledger.prepare(0, { inFlight: true });
    await ledger.delivered({ index: 0, remoteId: 'r0' });
    await ledger.prepare(1, { inFlight: true });
    await ledger.release(1);
    await ledger.release(0);
    expect(await ledger.prepare(1, { inFlight: true, attempt: 2 })).toEqual({ inFlight: true, attempt: 2 });
    expect((await ledger.entries()).get(0)).toEqual({ prepared: { inFlight: true }, delivered: { index: 0, remoteId: 'r0' } });
  });

  it('behaves like MemoryLedger on the same sequence of calls', async () => {
    const run = async (ledger: DeliveryLedger) => {
      const results = [await ledger.prepare(0, { k: 'a' }), await ledger.prepare(0, { k: 'b' })];
      await ledger.delivered({ index: 0, remoteId: 'r0' });
      await ledger.release(0);
      await ledger.prepare(1, { k: 'c' });
      await ledger.release(1);
      results.push(await ledger.prepare(1, { k: 'd' }));
      return { results, entries: await ledger.entries() };
    };
    const memory = await run(new MemoryLedger());
    expect(memory.results).toEqual([{ k: 'a' }, { k: 'a' }, { k: 'd' }]);
    expect(await run(new RedisLedger(fx.redis, fx.keyPrefix, 'p_1'))).toEqual(memory);
  });

  it('keeps posts apart', async () => {
    await new RedisLedger(fx.redis, fx.keyPrefix, 'p_1').delivered({ index: 0, remoteId: 'one' });
    await new RedisLedger(fx.redis, fx.keyPrefix, 'p_2').delivered({ index: 0, remoteId: 'two' });
    expect((await new RedisLedger(fx.redis, fx.keyPrefix, 'p_2').entries()).get(0)?.delivered?.remoteId).toBe('two');
  });

  it('overwrites a delivered record with the latest answer for that part', async () => {
    const ledger = new RedisLedger(fx.redis, fx.keyPrefix, 'p_1');
    await ledger.delivered({ index: 0, remoteId: 'r0' });
    await ledger.delivered({ index: 0, remoteId: 'r0', url: 'https://example.com/r0' });
    expect((await ledger.entries()).get(0)?.delivered).toEqual({ index: 0, remoteId: 'r0', url: 'https://example.com/r0' });
  });
});
