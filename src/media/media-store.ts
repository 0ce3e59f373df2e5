import type { Redis } from 'ioredis';
import type { FetchedMedia } from '../platforms/media.js';

/** What fetching a URL came to: the bytes, or a definite "no" with the reason an editor reads. */
export type MediaOutcome = { ok: true; media: FetchedMedia } | { ok: false; reason: string };

/**
 * Where fetched media is kept so that every adapter and every retry of an article uses the same
 * bytes. `claim` lets one fetcher at a time (across processes) go to the network for a key.
 */
export interface MediaStore {
  get(key: string): Promise<MediaOutcome | undefined>;
  put(key: string, outcome: MediaOutcome, ttlSeconds: number): Promise<void>;
  claim(key: string, ttlMs: number): Promise<boolean>;
  unclaim(key: string): Promise<void>;
}

/** For `crier send`, which runs without Redis: one process, one article. */
export class MemoryMediaStore implements MediaStore {
  private readonly entries = new Map<string, { outcome: MediaOutcome; expires: number }>();
  private readonly claims = new Map<string, number>();

  async get(key: string): Promise<MediaOutcome | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.outcome;
  }

  async put(key: string, outcome: MediaOutcome, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { outcome, expires: Date.now() + ttlSeconds * 1000 });
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    const until = this.claims.get(key);
    if (until !== undefined && until > Date.now()) return false;
    this.claims.set(key, Date.now() + ttlMs);
    return true;
  }

  async unclaim(key: string): Promise<void> {
    this.claims.delete(key);
  }
}

/**
 * Media in Redis: one hash per URL (`<prefix>media:<key>`: status, bytes, type, final URL or
 * reason) with a TTL, and a short-lived claim key so that workers racing on one article fetch once.
 */
export class RedisMediaStore implements MediaStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(key: string): string {
    return `${this.prefix}media:${key}`;
  }

  private claimKey(key: string): string {
    return `${this.prefix}media-claim:${key}`;
  }

  async get(key: string): Promise<MediaOutcome | undefined> {
    const fields = await this.redis.hgetallBuffer(this.key(key));
    const status = fields.status?.toString();
    if (status === 'ok' && fields.bytes) {
      return {
        ok: true,
        media: { bytes: new Uint8Array(fields.bytes), mimeType: fields.type?.toString() ?? 'application/octet-stream', url: fields.url?.toString() ?? '' },
      };
    }
    if (status === 'none') return { ok: false, reason: fields.reason?.toString() ?? 'unavailable' };
    return undefined;
  }

  async put(key: string, outcome: MediaOutcome, ttlSeconds: number): Promise<void> {
    const fields: Record<string, string | Buffer> = outcome.ok
      ? { status: 'ok', bytes: Buffer.from(outcome.media.bytes), type: outcome.media.mimeType, url: outcome.media.url }
      : { status: 'none', reason: outcome.reason };
    await this.redis.multi().del(this.key(key)).hset(this.key(key), fields).expire(this.key(key), ttlSeconds).exec();
  }

  async claim(key: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.claimKey(key), '1', 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unclaim(key: string): Promise<void> {
    await this.redis.del(this.claimKey(key));
  }
}
