import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryMediaStore, RedisMediaStore, type MediaOutcome, type MediaStore } from '../../src/media/media-store.js';
import { deleteKeys, newRedis, randomPrefix } from '../helpers/redis.js';

let redis: Redis;
let prefix: string;

beforeAll(() => {
  redis = newRedis();
});
afterAll(() => {
  redis.disconnect();
});
beforeEach(() => {
  prefix = `${randomPrefix()}:`;
});
afterEach(async () => {
  await deleteKeys(redis, prefix);
});

// Bytes that are not valid UTF-8: a reply decoded as a string anywhere on the way would change them.
const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0xff, 0xfe, 0x00, 0xc3, 0x28, 0x80]);
const image: MediaOutcome = { ok: true, media: { bytes, mimeType: 'image/png', url: 'https://img.example/final.png' } };

describe.each([
  ['RedisMediaStore', (): MediaStore => new RedisMediaStore(redis, prefix)],
  ['MemoryMediaStore', (): MediaStore => new MemoryMediaStore()],
])('%s', (_name, make) => {
  it('of callers racing on a miss, exactly one gets the claim; after the store, all get the outcome, byte for byte', async () => {
    const store = make();
    const lookups = await Promise.all(Array.from({ length: 8 }, () => store.getOrClaim('k', 10_000)));
    expect(lookups.filter((l) => l.outcome === undefined && l.claimed)).toHaveLength(1);
    expect(lookups.filter((l) => l.outcome === undefined && !l.claimed)).toHaveLength(7);
    await store.putAndRelease('k', image, 60);
    const after = await store.getOrClaim('k', 10_000);
    expect(after.outcome).toEqual(image);
    expect(after.outcome?.ok && Buffer.from(after.outcome.media.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(await store.get('k')).toEqual(image);
  });

  it('storing gives the claim back: once the outcome expires, the next caller claims at once', async () => {
    const store = make();
    expect(await store.getOrClaim('k', 10_000)).toEqual({ claimed: true });
    await store.putAndRelease('k', { ok: false, reason: 'answered 404' }, 1);
    expect((await store.getOrClaim('k', 10_000)).outcome).toEqual({ ok: false, reason: 'answered 404' });
    await expect.poll(() => store.get('k'), { timeout: 3000, interval: 100 }).toBeUndefined();
    expect(await store.getOrClaim('k', 10_000)).toEqual({ claimed: true });
  });

  it('unclaim lets the next caller claim without storing anything', async () => {
    const store = make();
    expect(await store.getOrClaim('k', 10_000)).toEqual({ claimed: true });
    expect(await store.getOrClaim('k', 10_000)).toEqual({ claimed: false });
    await store.unclaim('k');
    expect(await store.getOrClaim('k', 10_000)).toEqual({ claimed: true });
  });
});

describe('RedisMediaStore', () => {
  it('a claim held by a worker that died lapses after its time, and another may claim', async () => {
    const store = new RedisMediaStore(redis, prefix);
    expect(await store.getOrClaim('k', 50)).toEqual({ claimed: true });
    await expect.poll(() => store.getOrClaim('k', 10_000), { timeout: 2000, interval: 20 }).toEqual({ claimed: true });
  });
});
