import { describe, expect, it } from 'vitest';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import {
  AmbiguousOutcomeError,
  ContentRejectedError,
  RateLimitedError,
  TransientError,
} from '../../../src/domain/errors/index.js';
import { adapterFor, listPosts, makeDraft, newAccount, useBlueskyEnv } from './setup.js';

const PUT = 'com.atproto.repo.putRecord';

describe('BlueskyAdapter faults, injected between the adapter and a real PDS', () => {
  const env = useBlueskyEnv();

  it('maps a 500 to TransientError, leaving the part prepared; the retry posts it once', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const ledger = new MemoryLedger();
    const draft = makeDraft(['one', 'two']);
    await adapter.post(makeDraft(['one']), ledger);
    // Part 0 is in the ledger; part 1 hits the 500.
    env.proxy.inject(PUT, { kind: 'status', status: 500, body: { error: 'InternalServerError', message: 'boom' } });
    const error = await adapter.post(draft, ledger).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ status: 500, partIndex: 1, platform: 'bluesky' });
    const entries = await ledger.entries();
    expect(entries.get(1)?.prepared).toBeDefined();
    expect(entries.get(1)?.delivered).toBeUndefined();

    const result = await adapter.post(draft, ledger);
    expect(result.parts).toHaveLength(2);
    expect(await listPosts(env, account.did)).toHaveLength(2);
  });

  it('maps a 429 to RateLimitedError with the ratelimit-reset time', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const reset = 1_900_000_000;
    env.proxy.inject(PUT, {
      kind: 'status',
      status: 429,
      headers: { 'ratelimit-limit': '5000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(reset) },
      body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
    });
    const error = await adapter.post(makeDraft(['limited']), new MemoryLedger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.toISOString()).toBe(new Date(reset * 1000).toISOString());
    expect(await listPosts(env, account.did)).toHaveLength(0);
  });

  it('without a ratelimit-reset header, waits a minute from now', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    env.proxy.inject(PUT, { kind: 'status', status: 429, body: { error: 'RateLimitExceeded', message: 'slow down' } });
    const before = Date.now();
    const error = await adapter.post(makeDraft(['limited']), new MemoryLedger()).catch((e: unknown) => e);
    const after = Date.now();
    expect(error).toBeInstanceOf(RateLimitedError);
    const resetAt = (error as RateLimitedError).resetAt.getTime();
    expect(resetAt).toBeGreaterThanOrEqual(before + 60_000);
    expect(resetAt).toBeLessThanOrEqual(after + 60_000);
  });

  it('maps a connection dropped after the PDS took the write to AmbiguousOutcomeError; the retry adds no duplicate', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const ledger = new MemoryLedger();
    const draft = makeDraft(['dropped answer', 'after it']);
    env.proxy.inject(PUT, { kind: 'drop-after-forward' });

    const error = await adapter.post(draft, ledger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect((error as AmbiguousOutcomeError).partIndex).toBe(0);
    // The PDS did write it; the adapter could not know.
    expect(await listPosts(env, account.did)).toHaveLength(1);

    const result = await adapter.post(draft, ledger);
    const posts = await listPosts(env, account.did);
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => p.uri).sort()).toEqual(result.parts.map((p) => p.remoteId).sort());
  });

  it('maps a request that times out after the PDS took the write to AmbiguousOutcomeError; the retry adds no duplicate', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account, { timeoutMs: 1_500 });
    const ledger = new MemoryLedger();
    const draft = makeDraft(['slow answer']);
    // Log in first, so the deadline only meets the hung write.
    await adapter.post(makeDraft(['warm up']), new MemoryLedger());
    env.proxy.inject(PUT, { kind: 'hang-after-forward' });

    const error = await adapter.post(draft, ledger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);

    await adapter.post(draft, ledger);
    expect(await listPosts(env, account.did)).toHaveLength(2);
  });

  it('maps a record the PDS refuses (text over 300 graphemes) to ContentRejectedError', async () => {
    const account = await newAccount(env);
    const adapter = adapterFor(env, account);
    const error = await adapter.post(makeDraft(['x'.repeat(301)]), new MemoryLedger()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContentRejectedError);
    expect(error).toMatchObject({ status: 400, partIndex: 0 });
    expect(await listPosts(env, account.did)).toHaveLength(0);
  });
});
