import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Draft } from '../../../src/domain/draft.js';
import {
  AmbiguousOutcomeError,
  AuthError,
  ConfigError,
  ContentRejectedError,
  DeliveryError,
  RateLimitedError,
  TransientError,
} from '../../../src/domain/errors/index.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { MastodonAdapter } from '../../../src/platforms/mastodon/adapter.js';
import type { FetchedMedia, MediaFetcher } from '../../../src/platforms/media.js';
import { mastodonFaults, startFakeMastodon, type FakeMastodon } from '../../fakes/mastodon.js';

const TOKEN = 'mastodon-Access-Token-b41f9e27c0';
const IMAGE = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const PARTS = [
  'Beijing backs Islamabad on CPEC https://example.com/news/beijing-islamabad 1/3',
  'China pledges support for the corridor, officials said on Monday. 2/3',
  'Read the full story: https://example.com/news/beijing-islamabad 3/3',
];

function draft(texts: string[] = PARTS, withImage = true): Draft {
  return {
    platform: 'mastodon',
    account: 'default',
    articleId: 'sad-2025-08-25-beijing-islamabad',
    parts: texts.map((text) => ({ text, length: text.length, limit: 500 })),
    media: withImage ? [{ url: 'https://cdn.example.com/photo.jpg', alt: 'Leaders shake hands in Beijing' }] : [],
    link: { url: 'https://example.com/news/beijing-islamabad', title: 'Beijing Backs Islamabad', description: 'China pledges support' },
    language: 'en',
  };
}

let fake: FakeMastodon;
let fetched: string[];
const fetchMedia: MediaFetcher = async (url): Promise<FetchedMedia> => {
  fetched.push(url);
  return { bytes: new Uint8Array(IMAGE), mimeType: 'image/jpeg', url };
};

function adapter(extra: { timeoutMs?: number; visibility?: 'public' | 'unlisted' | 'private' | 'direct' } = {}): MastodonAdapter {
  return new MastodonAdapter({
    account: 'default',
    credentials: { url: fake.url, accessToken: TOKEN, visibility: extra.visibility ?? 'unlisted' },
    fetchMedia,
    mediaPollIntervalMs: 5,
    ...(extra.timeoutMs !== undefined ? { timeoutMs: extra.timeoutMs } : {}),
  });
}

async function caught(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

function statusPosts() {
  return fake.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses');
}

beforeEach(async () => {
  fetched = [];
  fake = await startFakeMastodon({ accessToken: TOKEN });
});
afterEach(async () => {
  await fake.close();
});

describe('MastodonAdapter.post', () => {
  it('posts the thread as an in_reply_to_id chain with language, visibility and the described image', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(draft(), ledger);

    expect(fake.statuses.map((s) => [s.text, s.visibility, s.language])).toEqual(PARTS.map((text) => [text, 'unlisted', 'en']));
    const [first, second, third] = fake.statuses;
    expect(first?.inReplyToId).toBeNull();
    expect(second?.inReplyToId).toBe(first?.id);
    expect(third?.inReplyToId).toBe(second?.id);

    expect(fake.media.size).toBe(1);
    const [uploaded] = [...fake.media.values()];
    expect(uploaded?.bytes).toEqual(IMAGE);
    expect(uploaded?.mimeType).toBe('image/jpeg');
    expect(uploaded?.fileName).toBe('photo.jpg');
    expect(uploaded?.description).toBe('Leaders shake hands in Beijing');
    expect(fake.statuses.map((s) => s.mediaIds)).toEqual([[uploaded?.id], [], []]);
    expect(fetched).toEqual(['https://cdn.example.com/photo.jpg']);

    const keys = statusPosts().map((r) => r.headers['idempotency-key']);
    expect(new Set(keys).size).toBe(3);
    const entries = await ledger.entries();
    expect([0, 1, 2].map((i) => entries.get(i)?.prepared?.idempotencyKey)).toEqual(keys);
    expect(entries.get(0)?.prepared?.mediaId).toBe(uploaded?.id);
    expect(statusPosts()[1]?.body).toEqual({ status: PARTS[1], visibility: 'unlisted', language: 'en', in_reply_to_id: first?.id });
    for (const request of fake.requests) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);

    expect(result).toEqual({
      platform: 'mastodon',
      account: 'default',
      parts: fake.statuses.map((s, index) => ({ index, remoteId: s.id, url: `${fake.url}/@crier/${s.id}` })),
      url: `${fake.url}/@crier/${first?.id}`,
    });
  });

  it('waits for asynchronous media processing before attaching the image', async () => {
    await fake.close();
    fake = await startFakeMastodon({ accessToken: TOKEN, mediaPendingPolls: 2 });
    await adapter().post(draft(PARTS.slice(0, 1)), new MemoryLedger());

    const polls = fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/media/'));
    expect(polls).toHaveLength(3);
    const [uploaded] = [...fake.media.values()];
    expect(fake.statuses.map((s) => s.mediaIds)).toEqual([[uploaded?.id]]);
  });

  it('sends the visibility from the credentials', async () => {
    await adapter({ visibility: 'private' }).post(draft(PARTS.slice(0, 1), false), new MemoryLedger());
    expect(fake.statuses.map((s) => [s.text, s.visibility, s.mediaIds])).toEqual([[PARTS[0], 'private', []]]);
  });

  it('resumes after the last delivered part and replies to it', async () => {
    const ledger = new MemoryLedger();
    await adapter().post(draft(PARTS.slice(0, 1)), ledger);
    const first = fake.statuses[0];

    const result = await adapter().post(draft(), ledger);

    expect(fake.statuses.map((s) => [s.text, s.inReplyToId])).toEqual([
      [PARTS[0], null],
      [PARTS[1], first?.id],
      [PARTS[2], fake.statuses[1]?.id],
    ]);
    expect(fake.media.size).toBe(1);
    expect(statusPosts()).toHaveLength(3);
    expect(result.parts.map((p) => p.remoteId)).toEqual(fake.statuses.map((s) => s.id));
  });
});

describe('MastodonAdapter faults', () => {
  it('maps a 5xx to TransientError and retries with the same key and image', async () => {
    fake.fail('POST', '/api/v1/statuses', mastodonFaults.serverError());
    const ledger = new MemoryLedger();
    const error = await caught(adapter().post(draft(), ledger));
    expect(error).toBeInstanceOf(TransientError);
    expect(error.status).toBe(503);
    expect(error.partIndex).toBe(0);

    await adapter().post(draft(), ledger);
    expect(fake.media.size).toBe(1);
    expect(fetched).toHaveLength(1);
    const keys = statusPosts().map((r) => r.headers['idempotency-key']);
    expect(keys[0]).toBe(keys[1]);
    expect(fake.statuses.map((s) => s.text)).toEqual(PARTS);
  });

  it('maps a 429 to RateLimitedError with the X-RateLimit-Reset time', async () => {
    fake.fail('POST', '/api/v1/statuses', mastodonFaults.rateLimited('2030-01-02T03:04:05.678901Z'));
    const error = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.toISOString()).toBe('2030-01-02T03:04:05.678Z');
    expect(fake.statuses).toEqual([]);
  });

  it('honours Retry-After on a 429 (a proxy in front of the instance), before X-RateLimit-Reset', async () => {
    fake.fail('POST', '/api/v1/statuses', {
      kind: 'respond',
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'retry-after': '120', 'x-ratelimit-reset': '2030-01-02T03:04:05.678901Z' },
    });
    const before = Date.now();
    const error = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(error).toBeInstanceOf(RateLimitedError);
    const reset = (error as RateLimitedError).resetAt.getTime();
    expect(reset).toBeGreaterThanOrEqual(before + 120_000);
    expect(reset).toBeLessThanOrEqual(Date.now() + 120_000);

    fake.fail('POST', '/api/v1/statuses', { kind: 'respond', status: 429, body: { error: 'Slow down' }, headers: { 'retry-after': 'Wed, 21 Oct 2037 07:28:00 GMT' } });
    const dated = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect((dated as RateLimitedError).resetAt.toISOString()).toBe('2037-10-21T07:28:00.000Z');
    expect(fake.statuses).toEqual([]);
  });

  it('does not follow a redirect with the token: it is a ContentRejectedError', async () => {
    const elsewhere = await startFakeMastodon({ accessToken: TOKEN });
    try {
      fake.fail('POST', '/api/v1/statuses', { kind: 'respond', status: 301, headers: { location: `${elsewhere.url}/api/v1/statuses` } });
      const error = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
      expect(error).toBeInstanceOf(ContentRejectedError);
      expect(error.status).toBe(301);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });

  it('maps 401 and 403 to AuthError', async () => {
    fake.fail('POST', '/api/v1/statuses', mastodonFaults.unauthorized());
    const unauthorized = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(unauthorized).toBeInstanceOf(AuthError);
    expect(unauthorized.status).toBe(401);
    fake.fail('POST', '/api/v1/statuses', mastodonFaults.forbidden());
    const forbidden = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(forbidden).toBeInstanceOf(AuthError);
    expect(forbidden.status).toBe(403);
  });

  it('maps a 422 to ContentRejectedError with the instance message', async () => {
    const error = await caught(adapter().post(draft(['x'.repeat(501)], false), new MemoryLedger()));
    expect(error).toBeInstanceOf(ContentRejectedError);
    expect(error.status).toBe(422);
    expect(error.message).toContain('Validation failed: Text character limit of 500 exceeded');
    expect(fake.statuses).toEqual([]);
  });

  it('maps a refused connection to TransientError', async () => {
    const url = fake.url;
    await fake.close();
    const a = new MastodonAdapter({ account: 'default', credentials: { url, accessToken: TOKEN, visibility: 'public' }, fetchMedia });
    expect(await caught(a.post(draft(PARTS, false), new MemoryLedger()))).toBeInstanceOf(TransientError);
    fake = await startFakeMastodon({ accessToken: TOKEN });
  });

  it('reports a timeout after the instance accepted the status as ambiguous; the retry creates nothing new', async () => {
    fake.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 });
    fake.fail('POST', '/api/v1/statuses', { kind: 'acceptThenHang' });
    const ledger = new MemoryLedger();
    const error = await caught(adapter({ timeoutMs: 1000 }).post(draft(), ledger));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error.partIndex).toBe(1);
    expect(fake.statuses.map((s) => s.text)).toEqual(PARTS.slice(0, 2));

    const result = await adapter().post(draft(), ledger);

    expect(fake.statuses.map((s) => s.text)).toEqual(PARTS);
    const posts = statusPosts();
    expect(posts.map((r) => r.body)).toEqual([
      expect.objectContaining({ status: PARTS[0] }),
      expect.objectContaining({ status: PARTS[1] }),
      expect.objectContaining({ status: PARTS[1] }),
      expect.objectContaining({ status: PARTS[2] }),
    ]);
    expect(posts[1]?.headers['idempotency-key']).toBe(posts[2]?.headers['idempotency-key']);
    expect(result.parts[1]?.remoteId).toBe(fake.statuses[1]?.id);
    expect(result.parts[2]?.remoteId).toBe(fake.statuses[2]?.id);
    expect(fake.statuses[2]?.inReplyToId).toBe(fake.statuses[1]?.id);
  });

  it('reports a dropped connection after the instance accepted the status as ambiguous', async () => {
    fake.fail('POST', '/api/v1/statuses', { kind: 'acceptThenDrop' });
    const ledger = new MemoryLedger();
    expect(await caught(adapter().post(draft(PARTS.slice(0, 1)), ledger))).toBeInstanceOf(AmbiguousOutcomeError);
    await adapter().post(draft(PARTS.slice(0, 1)), ledger);
    expect(fake.statuses).toHaveLength(1);
    expect(statusPosts()).toHaveLength(2);
    expect(fake.media.size).toBe(1);
  });

  it('a lost answer to the media upload is transient: repeating an upload posts nothing', async () => {
    fake.fail('POST', '/api/v2/media', { kind: 'acceptThenDrop' });
    const ledger = new MemoryLedger();
    expect(await caught(adapter().post(draft(PARTS.slice(0, 1)), ledger))).toBeInstanceOf(TransientError);
    expect(statusPosts()).toEqual([]);

    await adapter().post(draft(PARTS.slice(0, 1)), ledger);
    const [, second] = [...fake.media.values()];
    expect(fake.statuses.map((s) => s.mediaIds)).toEqual([[second?.id]]);
  });

  it('stops a status post when the caller aborts, as an ambiguous outcome the same key settles', async () => {
    fake.fail('POST', '/api/v1/statuses', { kind: 'acceptThenHang' });
    const ledger = new MemoryLedger();
    const caller = new AbortController();
    const pending = caught(adapter().post(draft(PARTS.slice(0, 1), false), ledger, { signal: caller.signal }));
    await vi.waitFor(() => expect(statusPosts()).toHaveLength(1));
    caller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error.partIndex).toBe(0);

    await adapter().post(draft(PARTS.slice(0, 1), false), ledger);
    expect(fake.statuses).toHaveLength(1);
    const [first, retry] = statusPosts();
    expect(retry?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
  });

  it('stops waiting for media processing when the caller aborts, posting nothing', async () => {
    await fake.close();
    fake = await startFakeMastodon({ accessToken: TOKEN, mediaPendingPolls: 1 });
    const slowPolls = new MastodonAdapter({
      account: 'default',
      credentials: { url: fake.url, accessToken: TOKEN, visibility: 'public' },
      fetchMedia,
      mediaPollIntervalMs: 600_000,
    });
    const caller = new AbortController();
    const pending = caught(slowPolls.post(draft(PARTS.slice(0, 1)), new MemoryLedger(), { signal: caller.signal }));
    await vi.waitFor(() => expect(fake.media.size).toBe(1));
    caller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toMatch(/aborted/);
    expect(statusPosts()).toEqual([]);
  });

  it('never puts the token into thrown errors', async () => {
    const errors: DeliveryError[] = [];
    const faults = [
      mastodonFaults.serverError(),
      mastodonFaults.rateLimited('2030-01-01T00:00:00.000000Z'),
      mastodonFaults.unauthorized(),
      mastodonFaults.forbidden(),
      mastodonFaults.tooLong(),
      { kind: 'acceptThenDrop' } as const,
      { kind: 'drop' } as const,
    ];
    for (const fault of faults) {
      fake.fail('POST', '/api/v1/statuses', fault);
      errors.push(await caught(adapter().post(draft([`unique ${errors.length}`], false), new MemoryLedger())));
    }
    fake.fail('POST', '/api/v1/statuses', { kind: 'acceptThenHang' });
    errors.push(await caught(adapter({ timeoutMs: 1000 }).post(draft(['hang'], false), new MemoryLedger())));
    expect(errors.map((e) => e.constructor.name)).toEqual([
      'TransientError',
      'RateLimitedError',
      'AuthError',
      'AuthError',
      'ContentRejectedError',
      'AmbiguousOutcomeError',
      'AmbiguousOutcomeError',
      'AmbiguousOutcomeError',
    ]);
    for (const error of errors) {
      for (const view of [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), String(error.stack)]) {
        expect(view).not.toContain(TOKEN);
      }
    }
  });
});

describe('MastodonAdapter.delete', () => {
  it('deletes a delivered status, and treats an already deleted one as done', async () => {
    const result = await adapter().post(draft(PARTS.slice(0, 1), false), new MemoryLedger());
    const part = result.parts[0];
    expect(part).toBeDefined();
    if (!part) return;
    await adapter().delete(part);
    await adapter().delete(part);
    expect(fake.statuses.map((s) => [s.id, s.deleted])).toEqual([[part.remoteId, true]]);
    expect(fake.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      `/api/v1/statuses/${part.remoteId}`,
      `/api/v1/statuses/${part.remoteId}`,
    ]);
  });
});

describe('MastodonAdapter options', () => {
  it('refuses bad options without echoing the token', () => {
    const make = (url: string, accessToken: string) =>
      new MastodonAdapter({ account: 'default', credentials: { url, accessToken, visibility: 'public' }, fetchMedia });
    expect(() => make('not a url', TOKEN)).toThrow(ConfigError);
    expect(() => make('not a url', TOKEN)).not.toThrow(TOKEN);
    expect(() => make('https://mastodon.example', '')).toThrow(/accessToken/);
  });
});
