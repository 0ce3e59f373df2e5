import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countGraphemes } from 'unicode-segmenter/grapheme';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MastodonInstanceLimits, parseInstanceLimits } from '../../../src/platforms/mastodon/instance.js';
import { mastodonLength, mastodonProfileFor, MASTODON_DEFAULT_LIMITS } from '../../../src/platforms/mastodon/limits.js';

/**
 * Mastodon's StatusLengthValidator: grapheme clusters of the text with each URL replaced by
 * characters_reserved_per_url characters and `@user@domain` by `@user`. The expected values are
 * counted here with unicode-segmenter (an independent UAX #29 implementation) on text rewritten by hand.
 */
describe('Mastodon length, as the server counts it', () => {
  it('counts a ZWJ family and a flag as one character each', () => {
    expect(mastodonLength('👨‍👩‍👧‍👦')).toBe(1);
    expect(mastodonLength('🇵🇰 جیت')).toBe(countGraphemes('🇵🇰 جیت'));
    expect(mastodonLength('🇵🇰 جیت')).toBe(5);
  });

  it('counts Hindi by clusters, not code points', () => {
    const hindi = 'मुख्यमंत्री ने कहा कि हर प्रभावित परिवार को सहायता दी जाएगी।';
    expect(mastodonLength(hindi)).toBe(countGraphemes(hindi));
    expect([...hindi].length).toBeGreaterThan(mastodonLength(hindi) * 1.3);
  });

  it('counts every URL as the reserved length, whatever its own length', () => {
    const url = `https://example.com/${'a'.repeat(200)}`;
    const text = `Read: ${url} 👍🏽`;
    expect(mastodonLength(text)).toBe(countGraphemes('Read: ') + 23 + countGraphemes(' 👍🏽'));
    expect(mastodonLength(text, { maxCharacters: 1000, charactersReservedPerUrl: 30 })).toBe(6 + 30 + 2);
  });

  it('counts a remote mention by its local part, a local one as written', () => {
    expect(mastodonLength('hi @editor@news.example.social')).toBe('hi @editor'.length);
    expect(mastodonLength('hi @editor')).toBe(10);
    // An e-mail address is not a mention: it counts in full.
    expect(mastodonLength('mail desk@news.example')).toBe('mail desk@news.example'.length);
  });

  it('fits to the instance limit', () => {
    const profile = mastodonProfileFor({ maxCharacters: 1000, charactersReservedPerUrl: 23 });
    expect(profile.limit).toBe(1000);
    expect(profile.fits('é'.repeat(1000))).toBe(true);
    expect(profile.fits('é'.repeat(1001))).toBe(false);
    expect(mastodonProfileFor(MASTODON_DEFAULT_LIMITS).fits('👨‍👩‍👧‍👦'.repeat(500))).toBe(true);
  });
});

describe('parseInstanceLimits', () => {
  it('reads configuration.statuses and names what is missing', () => {
    expect(parseInstanceLimits({ configuration: { statuses: { max_characters: 5000, characters_reserved_per_url: 23 } } }, MASTODON_DEFAULT_LIMITS)).toEqual({
      maxCharacters: 5000,
      charactersReservedPerUrl: 23,
    });
    expect(parseInstanceLimits({ configuration: {} }, MASTODON_DEFAULT_LIMITS)).toBe('configuration.statuses is missing');
    expect(parseInstanceLimits({ configuration: { statuses: { max_characters: '500' } } }, MASTODON_DEFAULT_LIMITS)).toBe(
      'configuration.statuses.max_characters is not a positive whole number',
    );
  });
});

describe('MastodonInstanceLimits against a loopback instance', () => {
  let server: Server;
  let base: string;
  let hits = 0;
  let answer: { status: number; body: string } = { status: 200, body: '' };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/api/v2/instance') hits++;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('reads the instance once and caches it until the TTL ends', async () => {
    hits = 0;
    let now = 1_000;
    answer = { status: 200, body: JSON.stringify({ configuration: { statuses: { max_characters: 11000, characters_reserved_per_url: 23 } } }) };
    const limits = new MastodonInstanceLimits({ ttlMs: 10_000, now: () => now });
    const [a, b] = await Promise.all([limits.get(base), limits.get(`${base}/some/path`)]);
    expect(a).toEqual({ maxCharacters: 11000, charactersReservedPerUrl: 23, source: 'instance' });
    expect(b).toEqual(a);
    expect(hits).toBe(1);
    now += 9_999;
    await limits.get(base);
    expect(hits).toBe(1);
    now += 2;
    await limits.get(base);
    expect(hits).toBe(2);
  });

  it('falls back to 500 / 23 when the instance fails or answers nonsense, and says why', async () => {
    answer = { status: 503, body: '{}' };
    const limits = new MastodonInstanceLimits();
    const failed = await limits.get(base);
    expect(failed).toMatchObject({ maxCharacters: 500, charactersReservedPerUrl: 23, source: 'fallback', reason: 'HTTP 503 from /api/v2/instance' });
    answer = { status: 200, body: 'not json' };
    const garbled = await new MastodonInstanceLimits().get(base);
    expect(garbled).toMatchObject({ source: 'fallback', reason: 'the answer is not a JSON object' });
  });

  it('falls back when the instance does not answer within the timeout, and says so', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      const limits = await new MastodonInstanceLimits({ timeoutMs: 200 }).get(url);
      expect(limits).toMatchObject({ maxCharacters: 500, source: 'fallback', reason: 'mastodon GET /api/v2/instance timed out after 200 ms' });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('falls back when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const limits = new MastodonInstanceLimits({ timeoutMs: 2_000 });
    expect(await limits.get(url)).toMatchObject({ maxCharacters: 500, source: 'fallback' });
    expect(limits.known(url).source).toBe('fallback');
  });
});
