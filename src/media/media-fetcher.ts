import type { Config } from '../config.js';
import { createSafeFetcher } from '../platforms/http/safe-fetch.js';
import { createCachedFetcher, type CachedMediaFetcher } from './cached-fetcher.js';
import { MemoryMediaStore, type MediaStore } from './media-store.js';

const DEFAULT_MEDIA: Config['media'] = { attempts: 3, retryDelayMs: 1000, cacheSeconds: 6 * 3600, imagePolicy: 'post' };

/**
 * The fetcher adapters and the pipeline share: the safe fetcher (SSRF, size, time limits) behind
 * the once-per-article cache. The service keeps it in Redis; `crier send` in memory.
 */
export function createMediaFetcher(config: Pick<Config, 'fetch'> & Partial<Pick<Config, 'media'>>, store: MediaStore = new MemoryMediaStore()): CachedMediaFetcher {
  const media = config.media ?? DEFAULT_MEDIA;
  return createCachedFetcher({
    fetch: createSafeFetcher(config.fetch),
    store,
    attempts: media.attempts,
    retryDelayMs: media.retryDelayMs,
    ttlSeconds: media.cacheSeconds,
    fetchTimeoutMs: config.fetch.timeoutMs,
  });
}
