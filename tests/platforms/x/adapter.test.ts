import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { draft as buildDraft, image } from '../../helpers/builders.js';
import type { Draft } from '../../../src/domain/draft.js';
import {
  AmbiguousOutcomeError,
  AuthError,
  ConfigError,
  ContentRejectedError,
  DeliveryError,
  DuplicatePostError,
  RateLimitedError,
  TransientError,
} from '../../../src/domain/errors/index.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import type { FetchedMedia, MediaFetcher } from '../../../src/platforms/media.js';
import { XAdapter } from '../../../src/platforms/x/adapter.js';
import { mediaBytes, startFakeX, xFaults, type FakeX } from '../../fakes/x-api.js';

const credentials = {
  apiKey: 'ck-Consumer-Key-7f3a',
  apiSecret: 'cs-Consumer-Secret-91be22',
  accessToken: '1580000000000000001-AccessTok-5d1c',
  accessSecret: 'as-Access-Secret-0c77e1',
};
const SECRETS = Object.values(credentials);

const IMAGE = Buffer.from('89504e470d0a1a0a0000000d49484452fake-png-body', 'hex');
const PARTS = [
  'Beijing backs Islamabad on CPEC & security https://example.com/news/beijing-islamabad 1/3',
  'China pledges support for the corridor, officials said on Monday. 2/3',
  'Read the full story: https://example.com/news/beijing-islamabad?ref=x 3/3',
];

function draft(texts: string[] = PARTS, withImage = true): Draft {
  return buildDraft('x', {
    texts,
    articleId: 'sad-2025-08-25-beijing-islamabad',
    media: withImage ? [image('https://cdn.example.com/photo.png')] : [],
    link: { url: 'https://example.com/news/beijing-islamabad', title: 'Beijing Backs Islamabad', description: 'China pledges support' },
    language: 'en',
  });
}

let fake: FakeX;
let fetched: string[];
const fetchMedia: MediaFetcher = async (url): Promise<FetchedMedia> => {
  fetched.push(url);
  return { bytes: new Uint8Array(IMAGE), mimeType: 'image/png', url };
};

function adapter(extra: { timeoutMs?: number } = {}): XAdapter {
  return new XAdapter({ account: 'default', credentials: { ...credentials, apiUrl: fake.url }, fetchMedia, ...extra });
}

async function caught(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeliveryError);
  return error as DeliveryError;
}

function tweetPosts(): number {
  return fake.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets').length;
}

beforeEach(async () => {
  fetched = [];
  fake = await startFakeX({ credentials });
});
afterEach(async () => {
  await fake.close();
});

describe('XAdapter.post', () => {
  it('posts the thread as a reply chain with the image on the first part', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(draft(), ledger);

    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);
    const [first, second, third] = fake.tweets;
    expect(first?.replyTo).toBeUndefined();
    expect(second?.replyTo).toBe(first?.id);
    expect(third?.replyTo).toBe(second?.id);
    expect(first?.mediaIds).toHaveLength(1);
    expect(second?.mediaIds).toEqual([]);
    expect(third?.mediaIds).toEqual([]);

    const mediaId = first?.mediaIds[0] ?? '';
    const uploaded = fake.media.get(mediaId);
    expect(uploaded?.mediaType).toBe('image/png');
    expect(uploaded && mediaBytes(uploaded)).toEqual(IMAGE);
    expect(uploaded?.altText).toBe('Leaders shake hands in Beijing');
    expect(fake.requests.filter((r) => r.path === '/2/media/metadata').map((r) => r.body)).toEqual([
      { id: mediaId, metadata: { alt_text: { text: 'Leaders shake hands in Beijing' } } },
    ]);
    expect(fake.requests.filter((r) => r.path === '/2/media/upload/initialize').map((r) => r.body)).toEqual([
      { media_type: 'image/png', total_bytes: IMAGE.length, media_category: 'tweet_image' },
    ]);
    expect(fetched).toEqual(['https://cdn.example.com/photo.png']);

    expect(fake.requests.filter((r) => r.path === '/2/tweets').map((r) => r.body)).toEqual([
      { text: PARTS[0], media: { media_ids: [mediaId] } },
      { text: PARTS[1], reply: { in_reply_to_tweet_id: first?.id } },
      { text: PARTS[2], reply: { in_reply_to_tweet_id: second?.id } },
    ]);

    expect(result).toEqual({
      platform: 'x',
      account: 'default',
      parts: fake.tweets.map((t, index) => ({ index, remoteId: t.id, url: `https://x.com/crier_news/status/${t.id}` })),
      url: `https://x.com/crier_news/status/${first?.id}`,
    });
    const entries = await ledger.entries();
    expect([...entries.keys()]).toEqual([0, 1, 2]);
    expect(entries.get(0)?.prepared).toMatchObject({ text: PARTS[0], mediaId });
    expect(typeof entries.get(1)?.prepared?.attemptedAt).toBe('string');
    expect(entries.get(2)?.delivered?.remoteId).toBe(third?.id);
  });

  it('signs every request with OAuth 1.0a valid for the rewritten URL', async () => {
    await adapter().post(draft(), new MemoryLedger());
    // The fake answers 401 to a bad signature, so every request here was verified.
    expect(fake.requests.length).toBeGreaterThan(5);
    for (const request of fake.requests) {
      expect(request.headers.host).toBe(new URL(fake.url).host);
      expect(request.headers.authorization).toMatch(/^OAuth /);
      expect(request.headers.authorization).toContain('oauth_consumer_key="ck-Consumer-Key-7f3a"');
      expect(request.headers.authorization).toMatch(/oauth_token="[^"]+"/);
      expect(request.headers.authorization).toMatch(/oauth_signature="[^"]+"/);
    }
  });

  it('sends no image when the draft has none', async () => {
    await adapter().post(draft(PARTS.slice(0, 1), false), new MemoryLedger());
    expect(fake.tweets.map((t) => [t.sentText, t.mediaIds])).toEqual([[PARTS[0], []]]);
    expect(fake.requests.some((r) => r.path.startsWith('/2/media'))).toBe(false);
    expect(fetched).toEqual([]);
  });

  it('resumes after the last delivered part and replies to it', async () => {
    const earlier = fake.seedTweet({ text: PARTS[0] ?? '', createdAt: new Date() });
    const ledger = new MemoryLedger();
    await ledger.delivered({ index: 0, remoteId: earlier.id, url: `https://x.com/crier_news/status/${earlier.id}` });

    const result = await adapter().post(draft(), ledger);

    expect(fake.tweets.map((t) => [t.sentText, t.replyTo])).toEqual([
      [PARTS[0], undefined],
      [PARTS[1], earlier.id],
      [PARTS[2], fake.tweets[1]?.id],
    ]);
    expect(result.parts.map((p) => p.remoteId)).toEqual(fake.tweets.map((t) => t.id));
    expect(fake.requests.some((r) => r.path.startsWith('/2/media'))).toBe(false);
    expect(fetched).toEqual([]);
  });

  it('reuses the uploaded image on a retry instead of uploading again', async () => {
    fake.fail('POST', '/2/tweets', xFaults.serverError());
    const ledger = new MemoryLedger();
    const first = await caught(adapter().post(draft(), ledger));
    expect(first).toBeInstanceOf(TransientError);
    expect(first.status).toBe(503);
    expect(first.partIndex).toBe(0);
    expect(fake.tweets).toEqual([]);

    await adapter().post(draft(), ledger);

    expect(fake.requests.filter((r) => r.path === '/2/media/upload/initialize')).toHaveLength(1);
    expect(fake.requests.filter((r) => r.path === '/2/media/metadata')).toHaveLength(1);
    expect(fetched).toHaveLength(1);
    const mediaId = [...fake.media.keys()][0];
    expect(fake.tweets.map((t) => t.mediaIds)).toEqual([[mediaId], [], []]);
    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);
  });
});

describe('XAdapter faults', () => {
  it('maps a 5xx to TransientError and keeps the parts already posted', async () => {
    fake.fail('POST', '/2/tweets', xFaults.serverError());
    const ledger = new MemoryLedger();
    const a = adapter();
    // First post fails on part 0; the retry posts all three.
    expect(await caught(a.post(draft(), ledger))).toBeInstanceOf(TransientError);
    await a.post(draft(), ledger);
    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);
  });

  it('maps a 429 to RateLimitedError with the x-rate-limit-reset time', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.fail('POST', '/2/tweets', xFaults.rateLimited(reset));
    const error = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.getTime()).toBe(reset * 1000);
    expect(error.status).toBe(429);
    expect(fake.tweets).toEqual([]);
  });

  it('uses the 24-hour user reset when that is the limit that ran out', async () => {
    const windowReset = Math.floor(Date.now() / 1000) + 600;
    const dayReset = Math.floor(Date.now() / 1000) + 20 * 3600;
    fake.fail('POST', '/2/tweets', xFaults.userDayLimit(windowReset, dayReset));
    const error = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).resetAt.getTime()).toBe(dayReset * 1000);
  });

  it('maps 401 and an app-level 403 to AuthError', async () => {
    fake.fail('POST', '/2/tweets', xFaults.unauthorized());
    const unauthorized = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(unauthorized).toBeInstanceOf(AuthError);
    expect(unauthorized.status).toBe(401);

    fake.fail('POST', '/2/tweets', xFaults.clientForbidden());
    const forbidden = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(forbidden).toBeInstanceOf(AuthError);
    expect(forbidden.status).toBe(403);
    expect(fake.tweets).toEqual([]);
  });

  it('maps rejected content (400 invalid request, other 403) to ContentRejectedError', async () => {
    fake.fail('POST', '/2/tweets', xFaults.invalidRequest('text', 'Your Tweet text is too long.'));
    const invalid = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(invalid).toBeInstanceOf(ContentRejectedError);
    expect(invalid.message).toContain('Your Tweet text is too long.');

    fake.fail('POST', '/2/tweets', xFaults.forbidden('You are not permitted to perform this action.'));
    const forbidden = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(forbidden).toBeInstanceOf(ContentRejectedError);
    expect(forbidden.status).toBe(403);
    expect(fake.tweets).toEqual([]);
  });

  it('maps a refused connection to TransientError', async () => {
    const url = fake.url;
    await fake.close();
    const a = new XAdapter({ account: 'default', credentials: { ...credentials, apiUrl: url }, fetchMedia });
    expect(await caught(a.post(draft(PARTS, false), new MemoryLedger()))).toBeInstanceOf(TransientError);
    fake = await startFakeX({ credentials });
  });

  it('reports a dropped answer after X accepted the tweet as ambiguous, then reconciles instead of reposting', async () => {
    fake.fail('POST', '/2/tweets', { kind: 'acceptThenDrop' });
    const ledger = new MemoryLedger();
    const a = adapter();
    const error = await caught(a.post(draft(), ledger));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error.partIndex).toBe(0);
    expect(fake.tweets.map((t) => t.sentText)).toEqual([PARTS[0]]);
    expect((await ledger.entries()).get(0)?.delivered).toBeUndefined();

    const result = await a.post(draft(), ledger);

    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);
    expect(tweetPosts()).toBe(3);
    expect(result.parts.map((p) => p.remoteId)).toEqual(fake.tweets.map((t) => t.id));
    expect(fake.tweets[1]?.replyTo).toBe(fake.tweets[0]?.id);
    const lookup = fake.requests.find((r) => r.path === `/2/users/${fake.user.id}/tweets`);
    expect(lookup?.query['tweet.fields']).toBe('created_at,referenced_tweets,text');
    const attemptedAt = String((await ledger.entries()).get(0)?.prepared?.attemptedAt);
    const expectedStart = new Date(Date.parse(attemptedAt) - 10 * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect(lookup?.query.start_time).toBe(expectedStart);
  });

  it('reconciles a later part by its reply target after a timeout', async () => {
    // Parts 0 and 1 answer normally; part 2 is stored but never answered.
    fake.fail('POST', '/2/tweets', { kind: 'delay', ms: 0 }, 2);
    fake.fail('POST', '/2/tweets', { kind: 'acceptThenHang' });
    const ledger = new MemoryLedger();
    const error = await caught(adapter({ timeoutMs: 1000 }).post(draft(), ledger));
    expect(error).toBeInstanceOf(AmbiguousOutcomeError);
    expect(error.partIndex).toBe(2);
    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);

    const result = await adapter().post(draft(), ledger);
    expect(tweetPosts()).toBe(3);
    expect(fake.tweets).toHaveLength(3);
    expect(result.parts.map((p) => p.remoteId)).toEqual(fake.tweets.map((t) => t.id));
  });

  it('forgets a part X certainly refused, so the retry sends it without a timeline read', async () => {
    fake.fail('POST', '/2/tweets', { kind: 'delay', ms: 0 });
    fake.fail('POST', '/2/tweets', xFaults.rateLimited(Math.floor(Date.now() / 1000) + 60));
    const ledger = new MemoryLedger();
    const a = adapter();
    expect(await caught(a.post(draft(PARTS, false), ledger))).toBeInstanceOf(RateLimitedError);
    expect((await ledger.entries()).get(1)).toEqual({});

    await a.post(draft(PARTS, false), ledger);
    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);
    expect(fake.requests.some((r) => r.path.endsWith('/tweets') && r.method === 'GET')).toBe(false);
  });

  it('reconciles a 403 duplicate on the retry when the timeline lagged', async () => {
    fake.fail('POST', '/2/tweets', { kind: 'acceptThenDrop' });
    const ledger = new MemoryLedger();
    const a = adapter();
    expect(await caught(a.post(draft(), ledger))).toBeInstanceOf(AmbiguousOutcomeError);
    // The timeline does not show the new tweet yet: the retry sends again and X answers 403 duplicate.
    fake.fail('GET', `/2/users/${fake.user.id}/tweets`, { kind: 'respond', status: 200, body: { meta: { result_count: 0 } } });

    const result = await a.post(draft(), ledger);

    const posts = fake.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets');
    expect(posts.map((r) => (r.body as { text: string }).text)).toEqual([PARTS[0], PARTS[0], PARTS[1], PARTS[2]]);
    expect(fake.tweets.map((t) => t.sentText)).toEqual(PARTS);
    expect(result.parts[0]?.remoteId).toBe(fake.tweets[0]?.id);
  });

  it('throws DuplicatePostError when X says duplicate and the tweet is not among recent posts', async () => {
    const old = fake.seedTweet({ text: PARTS[0] ?? '', createdAt: new Date(Date.now() - 2 * 86400_000) });
    const error = await caught(adapter().post(draft(PARTS, false), new MemoryLedger()));
    expect(error).toBeInstanceOf(DuplicatePostError);
    expect(error.status).toBe(403);
    expect(fake.tweets.map((t) => t.id)).toEqual([old.id]);
  });

  it('never puts credentials into thrown errors', async () => {
    const errors: DeliveryError[] = [];
    const reset = Math.floor(Date.now() / 1000) + 60;
    const faults = [
      xFaults.serverError(),
      xFaults.rateLimited(reset),
      xFaults.unauthorized(),
      xFaults.clientForbidden(),
      xFaults.invalidRequest('text', 'bad'),
      { kind: 'acceptThenDrop' } as const,
      { kind: 'drop' } as const,
    ];
    for (const fault of faults) {
      fake.fail('POST', '/2/tweets', fault);
      errors.push(await caught(adapter().post(draft([`unique ${errors.length}`], false), new MemoryLedger())));
    }
    fake.fail('POST', '/2/tweets', { kind: 'acceptThenHang' });
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
      const views = [error.message, JSON.stringify(error), inspect(error, { depth: 10, showHidden: true }), String(error.stack)];
      for (const view of views) for (const secret of SECRETS) expect(view).not.toContain(secret);
    }
  });
});

describe('XAdapter.delete', () => {
  it('deletes a delivered part', async () => {
    const result = await adapter().post(draft(PARTS.slice(0, 1), false), new MemoryLedger());
    const part = result.parts[0];
    expect(part).toBeDefined();
    if (!part) return;
    await adapter().delete(part);
    expect(fake.tweets.map((t) => [t.id, t.deleted])).toEqual([[part.remoteId, true]]);
    expect(fake.requests.at(-1)).toMatchObject({ method: 'DELETE', path: `/2/tweets/${part.remoteId}` });
  });
});

describe('XAdapter options', () => {
  it('refuses incomplete options without echoing credential values', () => {
    const make = (apiSecret: string) =>
      new XAdapter({ account: 'default', credentials: { ...credentials, apiSecret, apiUrl: 'http://127.0.0.1:1' }, fetchMedia });
    expect(() => make('')).toThrow(ConfigError);
    expect(() => make('')).toThrow('credentials.apiSecret');
    expect(
      () => new XAdapter({ account: 'default', credentials: { ...credentials, apiUrl: 'ftp://x' }, fetchMedia }),
    ).toThrow(/apiUrl/);
    expect(
      () => new XAdapter({ account: ' ', credentials: { ...credentials, apiUrl: 'https://api.x.com' }, fetchMedia }),
    ).toThrow(/account/);
  });
});
