import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LinkedInAdapter } from '../../../src/platforms/linkedin/adapter.js';
import { MemoryLedger } from '../../../src/domain/memory-ledger.js';
import { AmbiguousOutcomeError, AuthError, ConfigError, ContentRejectedError, RateLimitedError, TransientError } from '../../../src/domain/errors/index.js';
import type { MediaFetcher } from '../../../src/platforms/media.js';
import { startFakeLinkedIn, type FakeLinkedIn } from '../../fakes/linkedin.js';
import { storyDraft } from '../../helpers/builders.js';
import { expectRejects } from '../http/expect-error.js';

const TOKEN = 'AQVsecret-linkedin-access-token';
const AUTHOR = 'urn:li:organization:2414183';
let fake: FakeLinkedIn;

function adapter(overrides: { token?: string; timeoutMs?: number; fetchMedia?: MediaFetcher } = {}): LinkedInAdapter {
  return new LinkedInAdapter({
    account: 'default',
    credentials: { apiUrl: fake.url, accessToken: overrides.token ?? TOKEN, author: AUTHOR },
    linkedinVersion: '202509',
    timeoutMs: overrides.timeoutMs,
    fetchMedia: overrides.fetchMedia,
  });
}

beforeEach(async () => {
  fake = await startFakeLinkedIn({ token: TOKEN });
});
afterEach(async () => {
  await fake.close();
});

describe('LinkedInAdapter', () => {
  it('creates one post: escaped commentary, article card, versioned Rest.li headers; id from x-restli-id', async () => {
    const ledger = new MemoryLedger();
    const result = await adapter().post(storyDraft('linkedin', ['China (again) backs #CPEC @ 100% _fast_']), ledger);
    expect(fake.posts).toHaveLength(1);
    const [post] = fake.posts;
    expect(post!.headers['linkedin-version']).toBe('202509');
    expect(post!.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(post!.body).toEqual({
      author: AUTHOR,
      commentary: 'China \\(again\\) backs #CPEC \\@ 100% \\_fast\\_',
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      content: {
        article: {
          source: 'https://example.com/news/beijing-islamabad',
          title: 'Beijing Backs Islamabad’s Plan',
          description: 'China pledges support for the corridor.',
        },
      },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    });
    expect(result).toEqual({
      platform: 'linkedin',
      account: 'default',
      url: `https://www.linkedin.com/feed/update/${post!.urn}`,
      parts: [{ index: 0, remoteId: post!.urn, url: `https://www.linkedin.com/feed/update/${post!.urn}` }],
    });
  });

  it('uploads the article image as the thumbnail, with its alt text, when given a fetcher', async () => {
    const fetched: string[] = [];
    const fetchMedia: MediaFetcher = async (url) => {
      fetched.push(url);
      return { bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), mimeType: 'image/jpeg', url };
    };
    await adapter({ fetchMedia }).post(storyDraft('linkedin', ['Text']), new MemoryLedger());
    expect(fetched).toEqual(['https://example.com/media/cpec.jpg']);
    const [urn, image] = [...fake.images][0]!;
    expect(image).toEqual({ bytes: 6, contentType: 'image/jpeg' });
    expect((fake.posts[0]!.body.content as { article: unknown }).article).toEqual({
      source: 'https://example.com/news/beijing-islamabad',
      title: 'Beijing Backs Islamabad’s Plan',
      description: 'China pledges support for the corridor.',
      thumbnail: urn,
      thumbnailAltText: 'Leaders shake hands in Beijing',
    });
  });

  it('does not post again once delivered', async () => {
    const ledger = new MemoryLedger();
    await ledger.delivered({ index: 0, remoteId: 'urn:li:share:1', url: 'https://www.linkedin.com/feed/update/urn:li:share:1' });
    const result = await adapter().post(storyDraft('linkedin', ['Text']), ledger);
    expect(fake.posts).toHaveLength(0);
    expect(result.parts.map((p) => p.remoteId)).toEqual(['urn:li:share:1']);
  });

  it('maps 401 and 403 to AuthError without quoting the token', async () => {
    const err = await expectRejects(adapter({ token: 'stale-token-value' }).post(storyDraft('linkedin', ['x']), new MemoryLedger()), AuthError, 'linkedin POST /rest/posts failed: 401 Invalid access token');
    expect(err.message).not.toContain('stale-token-value');
    fake.faults.add({ kind: 'respond', status: 403, body: { status: 403, serviceErrorCode: 100, message: 'Not enough permissions to access: partnerApiPostsExternal.CREATE.20250901' } });
    await expectRejects(adapter().post(storyDraft('linkedin', ['x']), new MemoryLedger()), AuthError);
  });

  it('maps 422 and 400 to ContentRejectedError', async () => {
    await expectRejects(adapter().post(storyDraft('linkedin', ['x'.repeat(3001)]), new MemoryLedger()), ContentRejectedError, 'linkedin POST /rest/posts failed: 422 ERROR :: /commentary :: length exceeds 3000');
    fake.faults.add({ kind: 'respond', status: 400, body: { status: 400, message: 'Invalid article source' } });
    await expectRejects(adapter().post(storyDraft('linkedin', ['x']), new MemoryLedger()), ContentRejectedError);
  });

  it('maps 429 to RateLimitedError: Retry-After when given, else a minute', async () => {
    fake.faults.add({ kind: 'respond', status: 429, body: { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' }, headers: { 'retry-after': '120' } });
    let before = Date.now();
    let err = await expectRejects(adapter().post(storyDraft('linkedin', ['x']), new MemoryLedger()), RateLimitedError);
    expect((err as RateLimitedError).resetAt.getTime()).toBeGreaterThanOrEqual(before + 120_000);
    expect((err as RateLimitedError).resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 120_000);
    fake.faults.add({ kind: 'respond', status: 429, body: { status: 429, message: 'throttled' } });
    before = Date.now();
    err = await expectRejects(adapter().post(storyDraft('linkedin', ['x']), new MemoryLedger()), RateLimitedError);
    expect((err as RateLimitedError).resetAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);
    expect((err as RateLimitedError).resetAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('maps 5xx to TransientError and a retry posts once', async () => {
    fake.faults.add({ kind: 'respond', status: 504, body: 'gateway timeout' });
    const ledger = new MemoryLedger();
    await expectRejects(adapter().post(storyDraft('linkedin', ['x']), ledger), TransientError, 'linkedin POST /rest/posts failed: 504 HTTP 504');
    await adapter().post(storyDraft('linkedin', ['x']), ledger);
    expect(fake.posts).toHaveLength(1);
  });

  it('turns a timeout after acceptance into AmbiguousOutcomeError and does not re-send', async () => {
    fake.faults.add({ kind: 'accept-then-hang' });
    const ledger = new MemoryLedger();
    const err = await expectRejects(adapter({ timeoutMs: 200 }).post(storyDraft('linkedin', ['x']), ledger), AmbiguousOutcomeError, 'linkedin POST /rest/posts timed out after 200 ms; the platform may have acted on it');
    expect(err.message).not.toContain(TOKEN);
    await expectRejects(adapter().post(storyDraft('linkedin', ['x']), ledger), AmbiguousOutcomeError, /an editor must check the platform/);
    expect(fake.posts).toHaveLength(1);
  });

  it('deletes a post by URN', async () => {
    const result = await adapter().post(storyDraft('linkedin', ['x']), new MemoryLedger());
    await adapter().delete(result.parts[0]!);
    expect(fake.deleted).toEqual([result.parts[0]!.remoteId]);
  });

  it('names a bad author option', () => {
    expect(() => new LinkedInAdapter({ account: 'default', credentials: { apiUrl: fake.url, accessToken: TOKEN, author: 'acme' } })).toThrow(ConfigError);
    expect(() => new LinkedInAdapter({ account: 'default', credentials: { apiUrl: fake.url, accessToken: TOKEN, author: 'acme' } })).toThrow(/credentials\.author/);
  });
});
