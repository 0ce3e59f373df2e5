import type { Redis } from 'ioredis';
import type { FetchedMedia } from '../platforms/media.js';
import { LuaScript } from '../posts/lua-script.js';

/** What fetching a URL came to: the bytes, or a definite "no" with the reason an editor reads. */
export type MediaOutcome = { ok: true; media: FetchedMedia } | { ok: false; reason: string };

/** A look-up that claims on a miss: the stored outcome, or whether this caller now holds the claim to fetch. */
export type MediaLookup = { outcome: MediaOutcome } | { outcome?: undefined; claimed: boolean };

/**
 * Where fetched media is kept so that every adapter and every retry of an article uses the same
 * bytes. The claim lets one fetcher at a time (across processes) go to the network for a key; it is
 * taken in the same step as the look-up that missed and given back in the same step as the store.
 */
export interface MediaStore {
  get(key: string): Promise<MediaOutcome | undefined>;
  /** The stored outcome, or else tries to claim the key for `claimMs`. */
  getOrClaim(key: string, claimMs: number): Promise<MediaLookup>;
  /** Stores the outcome and gives back the claim. */
  putAndRelease(key: string, outcome: MediaOutcome, ttlSeconds: number): Promise<void>;
  /** Gives back the claim without storing (the fetch itself broke). */
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

  async getOrClaim(key: string, claimMs: number): Promise<MediaLookup> {
    const outcome = await this.get(key);
    if (outcome) return { outcome };
    const until = this.claims.get(key);
    if (until !== undefined && until > Date.now()) return { claimed: false };
    this.claims.set(key, Date.now() + claimMs);
    return { claimed: true };
  }

  async putAndRelease(key: string, outcome: MediaOutcome, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { outcome, expires: Date.now() + ttlSeconds * 1000 });
    this.claims.delete(key);
  }

  async unclaim(key: string): Promise<void> {
    this.claims.delete(key);
  }
}

/**
 * The stored outcome's fields when there is one, else the claim: SET NX PX, 1 when taken, 0 when
 * another holds it. KEYS: media hash, claim key. ARGV: claim TTL in ms.
 */
const getOrClaimScript = new LuaScript(`
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  if fields[i] == 'status' and (fields[i + 1] == 'ok' or fields[i + 1] == 'none') then return fields end
end
if redis.call('SET', KEYS[2], '1', 'PX', ARGV[1], 'NX') then return 1 end
return 0
`);

/**
 * Replaces the stored outcome, sets its TTL and gives the claim back, in one step. A script rather
 * than MULTI: an ioredis pipeline on a connection BullMQ shares copies every script BullMQ defined
 * on it (tens of kilobytes a pipeline, on every Bluesky post's link card).
 * KEYS: media hash, claim key. ARGV: TTL in seconds, then field, value, … (values may be bytes).
 */
const putAndReleaseScript = new LuaScript(`
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('DEL', KEYS[2])
return 1
`);

/** A stored outcome from its hash fields, as HGETALL gives them (field, value, …), bytes left as bytes. */
function outcomeOf(flat: readonly Buffer[]): MediaOutcome | undefined {
  const fields = new Map<string, Buffer>();
  for (let i = 0; i + 1 < flat.length; i += 2) fields.set(flat[i]!.toString(), flat[i + 1]!);
  const status = fields.get('status')?.toString();
  const bytes = fields.get('bytes');
  if (status === 'ok' && bytes) {
    return {
      ok: true,
      media: { bytes: new Uint8Array(bytes), mimeType: fields.get('type')?.toString() ?? 'application/octet-stream', url: fields.get('url')?.toString() ?? '' },
    };
  }
  if (status === 'none') return { ok: false, reason: fields.get('reason')?.toString() ?? 'unavailable' };
  return undefined;
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
    return outcomeOf(Object.entries(fields).flatMap(([field, value]) => [Buffer.from(field), value]));
  }

  async getOrClaim(key: string, claimMs: number): Promise<MediaLookup> {
    const reply = (await getOrClaimScript.runBuffer(this.redis, [this.key(key), this.claimKey(key)], [claimMs])) as Buffer[] | number;
    if (typeof reply === 'number') return { claimed: reply === 1 };
    const outcome = outcomeOf(reply);
    // A hash the script took for an outcome always is one (putAndRelease writes it whole); this is the type's fallback.
    return outcome ? { outcome } : { claimed: false };
  }

  async putAndRelease(key: string, outcome: MediaOutcome, ttlSeconds: number): Promise<void> {
    const fields: Record<string, string | Buffer> = outcome.ok
      ? { status: 'ok', bytes: Buffer.from(outcome.media.bytes), type: outcome.media.mimeType, url: outcome.media.url }
      : { status: 'none', reason: outcome.reason };
    await putAndReleaseScript.run(this.redis, [this.key(key), this.claimKey(key)], [ttlSeconds, ...Object.entries(fields).flat()]);
  }

  async unclaim(key: string): Promise<void> {
    await this.redis.del(this.claimKey(key));
  }
}
