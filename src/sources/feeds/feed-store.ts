import type { Redis } from 'ioredis';

/** What crier remembers about one item of one feed. Kept with no expiry: it must outlive the feed's window. */
export interface SeenEntry {
  /** The article id the item was first known by (kept when its GUID changes). */
  articleId: string;
  /** The content hash last seen. */
  revision: string;
  /** Whether crier ever handed it to the lifecycle (false: baseline, too old, or invalid). */
  sent: boolean;
  /** Its date in ms, when it had one. */
  date?: number;
  /** Whether crier withdrew it after it left the feed. */
  withdrawn?: boolean;
  firstSeenAt: string;
}

/** The per-feed record: health for the API and the dashboard, and the poller's own bookkeeping. */
export interface FeedState {
  url?: string;
  baselineAt?: string;
  baselineItems?: number;
  etag?: string;
  lastModified?: string;
  lastPollAt?: string;
  lastSuccessAt?: string;
  /** ok | not_modified | baseline | failed */
  lastOutcome?: string;
  lastError?: string;
  lastErrorAt?: string;
  failures?: number;
  /** No poll before this time (backoff after errors). */
  nextAttemptAt?: string;
  lastNewItems?: number;
  lastSkipped?: string;
  /** Keys in the last good answer, to notice items that left the feed. */
  lastKeys?: string[];
}

const NUMERIC: (keyof FeedState)[] = ['failures', 'lastNewItems', 'baselineItems'];

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Redis keys of one feed, under `<prefix>feed:<id>:`: `seen` (item key → SeenEntry), `links`
 * (normalised link → item key, to recognise an item whose GUID changed), `state` and `lock`.
 */
export class FeedStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(feedId: string, name: 'seen' | 'links' | 'state' | 'lock'): string {
    return `${this.prefix}feed:${feedId}:${name}`;
  }

  /** One poll at a time per feed, across every worker process; the token proves whose lock it is. */
  async lock(feedId: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.key(feedId, 'lock'), token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async unlock(feedId: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key(feedId, 'lock'), token);
  }

  async state(feedId: string): Promise<FeedState> {
    const raw = await this.redis.hgetall(this.key(feedId, 'state'));
    const state: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(raw)) {
      if (field === 'lastKeys') state[field] = JSON.parse(value) as string[];
      else if (NUMERIC.includes(field as keyof FeedState)) state[field] = Number(value);
      else state[field] = value;
    }
    return state as FeedState;
  }

  /** Sets the given fields; `undefined` deletes a field (a cleared error, a dropped validator). */
  async updateState(feedId: string, patch: Partial<FeedState>): Promise<void> {
    const key = this.key(feedId, 'state');
    const set: Record<string, string> = {};
    const del: string[] = [];
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) del.push(field);
      else set[field] = Array.isArray(value) ? JSON.stringify(value) : String(value);
    }
    const multi = this.redis.multi();
    if (Object.keys(set).length > 0) multi.hset(key, set);
    if (del.length > 0) multi.hdel(key, ...del);
    await multi.exec();
  }

  /** Entries for these keys, and for items not found by key, the key their link was first seen under. */
  async lookup(feedId: string, keys: string[], links: string[]): Promise<{ entries: Map<string, SeenEntry>; linkKeys: Map<string, string> }> {
    const entries = new Map<string, SeenEntry>();
    const linkKeys = new Map<string, string>();
    if (keys.length === 0) return { entries, linkKeys };
    const values = await this.redis.hmget(this.key(feedId, 'seen'), ...keys);
    keys.forEach((k, i) => {
      const value = values[i];
      if (value) entries.set(k, JSON.parse(value) as SeenEntry);
    });
    if (links.length > 0) {
      const found = await this.redis.hmget(this.key(feedId, 'links'), ...links);
      links.forEach((l, i) => {
        const value = found[i];
        if (value) linkKeys.set(l, value);
      });
    }
    return { entries, linkKeys };
  }

  async entry(feedId: string, key: string): Promise<SeenEntry | undefined> {
    const value = await this.redis.hget(this.key(feedId, 'seen'), key);
    return value ? (JSON.parse(value) as SeenEntry) : undefined;
  }

  /** Records entries (and the links that lead to them) in one round trip. */
  async record(feedId: string, entries: { key: string; link?: string; entry: SeenEntry }[]): Promise<void> {
    if (entries.length === 0) return;
    const seen: Record<string, string> = {};
    const links: Record<string, string> = {};
    for (const e of entries) {
      seen[e.key] = JSON.stringify(e.entry);
      if (e.link) links[e.link] = e.key;
    }
    const multi = this.redis.multi().hset(this.key(feedId, 'seen'), seen);
    // The first key a link was seen under stays: that is the entry an item with a new GUID belongs to.
    for (const [link, key] of Object.entries(links)) multi.hsetnx(this.key(feedId, 'links'), link, key);
    await multi.exec();
  }

  async seenCount(feedId: string): Promise<number> {
    return this.redis.hlen(this.key(feedId, 'seen'));
  }
}
