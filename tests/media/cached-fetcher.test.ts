import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { MediaUnavailableError } from '../../src/domain/errors/index.js';
import { createCachedFetcher } from '../../src/media/cached-fetcher.js';
import { RedisMediaStore } from '../../src/media/media-store.js';
import { createSafeFetcher } from '../../src/platforms/http/safe-fetch.js';
import { useRedis } from '../helpers/redis.js';
import { startImageHost, type ImageHost } from './image-host.js';

const fx = useRedis();
let host: ImageHost;

beforeEach(async () => {
  host = await startImageHost({ hugeBytes: 60_000 });
});
afterEach(async () => {
  await host.close();
});

/** A fetcher as one worker process has it: its own in-process state, the shared Redis store. */
function worker(maxBytes = 50_000) {
  return createCachedFetcher({
    fetch: createSafeFetcher({ allowPrivate: true, timeoutMs: 2000, maxBytes }),
    store: new RedisMediaStore(fx.redis, fx.keyPrefix),
    attempts: 3,
    retryDelayMs: 20,
    ttlSeconds: 60,
    fetchTimeoutMs: 2000,
  });
}

describe('media once per article', () => {
  it('two workers asking at the same moment, and a retry later, fetch the image once and get the same bytes', async () => {
    const [a, b] = [worker(), worker()];
    const url = `${host.url}/photo.png`;
    const [first, second] = await Promise.all([a(url, { accept: 'image/*' }), b(url, { accept: 'image/*' })]);
    const again = await worker()(url, { accept: 'image/*' });
    expect(host.hits('/photo.png')).toBe(1);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(Buffer.from(again.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(first.mimeType).toBe('image/png');
  });

  it('a host failing transiently is tried a bounded number of times, then the image is definitely unavailable', async () => {
    host.failNext('/photo.png', 503, 5);
    const outcome = await worker().obtain(`${host.url}/photo.png`);
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/answered 503 \(gave up after 3 tries\)$/) });
    expect(host.hits('/photo.png')).toBe(3);
    // Kept: another platform's adapter does not try again.
    await expect(worker()(`${host.url}/photo.png`, { accept: 'image/*' })).rejects.toBeInstanceOf(MediaUnavailableError);
    expect(host.hits('/photo.png')).toBe(3);
  });

  it('a host that recovers within the tries gives the image', async () => {
    host.failNext('/photo.png', 503, 2);
    const outcome = await worker().obtain(`${host.url}/photo.png`);
    expect(outcome.ok).toBe(true);
    expect(host.hits('/photo.png')).toBe(3);
  });

  it.each([
    ['/missing.png', /answered 404/],
    ['/page.png', /it is not an image \(text\/html\)/],
    ['/broken.png', /cannot be read as an image/],
    ['/huge.png', /larger than 50000 bytes/],
  ])('%s is given up at once: %s', async (path, reason) => {
    const outcome = await worker().obtain(`${host.url}${path}`);
    expect(outcome.ok).toBe(false);
    expect(outcome.ok ? '' : outcome.reason).toMatch(reason);
    expect(host.hits(path)).toBe(1);
  });

  it('an unreachable host is tried, then reported with the reason', async () => {
    const outcome = await worker().obtain('http://127.0.0.1:9/photo.png');
    expect(outcome).toEqual({ ok: false, reason: expect.stringMatching(/could not fetch from 127\.0\.0\.1.*gave up after 3 tries/) });
  });

  it('a page and an image at one URL are kept apart', async () => {
    const fetcher = worker();
    const page = await fetcher(`${host.url}/article.html`, { accept: 'text/html' });
    expect(new TextDecoder().decode(page.bytes)).toContain('og:image');
    expect(await fetcher.known(`${host.url}/article.html`)).toBeUndefined();
  });

  it('a page is read for its share image and kept nowhere: each post that needs it fetches it, with the same tries', async () => {
    const url = `${host.url}/article.html`;
    host.failNext('/article.html', 503, 1);
    const page = await worker()(url, { accept: 'text/html' });
    expect(new TextDecoder().decode(page.bytes)).toContain('og:image');
    expect(host.hits('/article.html')).toBe(2);
    await worker()(url, { accept: 'text/html' });
    expect(host.hits('/article.html')).toBe(3);
    expect(await fx.redis.keys(`${fx.keyPrefix}*`)).toEqual([]);
  });
});
