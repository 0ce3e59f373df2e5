import { createHash } from 'node:crypto';
import { loadSharp } from './load-sharp.js';
import { ContentRejectedError, MediaUnavailableError, UnsafeUrlError } from '../domain/errors/index.js';
import type { FetchedMedia, MediaFetcher } from '../platforms/media.js';
import type { MediaOutcome, MediaStore } from './media-store.js';

export interface CachedFetcherOptions {
  /** The network fetcher (the safe fetcher: SSRF, size and time limits). */
  fetch: MediaFetcher;
  store: MediaStore;
  /** Tries for a host that fails transiently (timeouts, 5xx, refused connections); a definite refusal stops at once. */
  attempts: number;
  /** Wait before the second try; doubles after each. */
  retryDelayMs: number;
  /** How long an outcome is kept: every adapter and every retry of the article within it sees the same bytes. */
  ttlSeconds: number;
  /** Longest one fetch may take (the safe fetcher's timeout): bounds how long others wait for the fetcher that claimed a URL. */
  fetchTimeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface CachedMediaFetcher extends MediaFetcher {
  /** The outcome for an image URL, fetching it (once, with bounded tries) when nobody has yet. */
  obtain(url: string, accept?: string): Promise<MediaOutcome>;
  /** What is known about a URL without fetching it. */
  known(url: string, accept?: string): Promise<MediaOutcome | undefined>;
}

const WAIT_STEP_MS = 100;

function kindOf(accept: string | undefined): 'image' | 'page' {
  return accept !== undefined && accept.includes('image') && !accept.includes('html') ? 'image' : 'page';
}

function keyOf(url: string, accept: string | undefined): string {
  return createHash('sha256').update(`${kindOf(accept)}\n${url}`).digest('hex').slice(0, 32);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A definite answer: trying again cannot change it (4xx, too large, unsafe, not an image). */
function isDefinite(error: unknown): boolean {
  return error instanceof ContentRejectedError || error instanceof UnsafeUrlError || error instanceof MediaUnavailableError;
}

/** An image that says it is one and that sharp can read; anything else would fail at every platform. */
async function checkImage(media: FetchedMedia): Promise<void> {
  if (!media.mimeType.startsWith('image/')) {
    throw new MediaUnavailableError(media.url, `it is not an image (${media.mimeType})`);
  }
  try {
    const sharp = await loadSharp();
    const meta = await sharp(media.bytes).metadata();
    if (!meta.width || !meta.height) throw new Error('no dimensions');
  } catch (error) {
    throw new MediaUnavailableError(media.url, `it cannot be read as an image (${reasonOf(error)})`);
  }
}

/**
 * Images once per article: the first caller for a URL fetches it (a bounded number of tries, at
 * once for a definite refusal), validates it and stores the bytes or the reason; every other
 * adapter, worker and retry gets the stored outcome. A caller that finds the URL claimed by
 * another worker waits for that worker's result instead of fetching too.
 *
 * As a MediaFetcher it returns the stored bytes or throws MediaUnavailableError. `maxBytes` is
 * not applied here: the bytes are kept whole and each platform sizes them (fit-image.ts).
 */
export function createCachedFetcher(options: CachedFetcherOptions): CachedMediaFetcher {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const inFlight = new Map<string, Promise<MediaOutcome>>();
  const claimMs = options.attempts * options.fetchTimeoutMs + options.retryDelayMs * 2 ** options.attempts + 5_000;

  async function fetchWithTries(url: string, accept: string | undefined): Promise<MediaOutcome> {
    let last = 'no attempt was made';
    for (let attempt = 1; attempt <= options.attempts; attempt++) {
      try {
        const media = await options.fetch(url, accept === undefined ? {} : { accept });
        if (kindOf(accept) === 'image') await checkImage(media);
        return { ok: true, media };
      } catch (error) {
        if (error instanceof MediaUnavailableError) return { ok: false, reason: error.reason };
        if (isDefinite(error)) return { ok: false, reason: reasonOf(error) };
        last = reasonOf(error);
        if (attempt < options.attempts) await sleep(options.retryDelayMs * 2 ** (attempt - 1));
      }
    }
    return { ok: false, reason: `${last} (gave up after ${options.attempts} ${options.attempts === 1 ? 'try' : 'tries'})` };
  }

  async function obtainShared(key: string, url: string, accept: string | undefined): Promise<MediaOutcome> {
    const deadline = Date.now() + claimMs;
    for (;;) {
      const found = await options.store.getOrClaim(key, claimMs);
      if (found.outcome) return found.outcome;
      if (found.claimed) {
        try {
          const outcome = await fetchWithTries(url, accept);
          await options.store.putAndRelease(key, outcome, options.ttlSeconds);
          return outcome;
        } catch (error) {
          // Nothing stored: let the next caller fetch now rather than when the claim expires.
          await options.store.unclaim(key).catch(() => undefined);
          throw error;
        }
      }
      // Another worker is fetching it; its claim expires if it dies, and then this one takes over.
      if (Date.now() > deadline) return fetchWithTries(url, accept);
      await sleep(WAIT_STEP_MS);
    }
  }

  function obtain(url: string, accept = 'image/*'): Promise<MediaOutcome> {
    const key = keyOf(url, accept);
    let pending = inFlight.get(key);
    if (!pending) {
      // A page is read once, for the share image it names, and may be megabytes of HTML: it is not
      // worth two Redis round trips and a copy in Redis. Images are what every platform shares.
      const outcome = kindOf(accept) === 'page' ? fetchWithTries(url, accept) : obtainShared(key, url, accept);
      pending = outcome.finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  const fetcher = async (url: string, fetchOptions: { accept?: string; maxBytes?: number } = {}): Promise<FetchedMedia> => {
    const outcome = await obtain(url, fetchOptions.accept ?? '*/*');
    if (!outcome.ok) throw new MediaUnavailableError(url, outcome.reason);
    return outcome.media;
  };
  return Object.assign(fetcher, {
    obtain,
    known: (url: string, accept = 'image/*') => options.store.get(keyOf(url, accept)),
  });
}
