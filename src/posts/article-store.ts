import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Article } from '../domain/article.js';
import { ArticleBusyError } from '../domain/errors/index.js';
import { LuaScript } from './lua-script.js';
import type { PostKeys } from './post-keys.js';

export type ArticleStatus = 'published' | 'unpublished' | 'deleted';

/** What crier knows of one article across its life: its latest accepted version and whether it is up. */
export interface ArticleRecord {
  id: string;
  status: ArticleStatus;
  /** The latest accepted revision (absent when only a withdrawal was ever seen). */
  revision?: string;
  /** The highest numeric revision accepted: an older one arriving late is stale. */
  numericRevision?: number;
  /** The latest published version, for editor corrections and views. */
  article?: Article;
  updatedAt: string;
}

/** One line of the article's log: every event and editor action, in order. */
export interface ArticleLogEntry {
  at: string;
  by: string;
  action: string;
  revision?: string;
  status?: ArticleStatus;
  correction?: string;
  /** Post ids the event changed. */
  posts?: string[];
}

const releaseLockScript = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

export interface ArticleStoreOptions {
  /** How long one holder may keep an article's lock before others may take it (a crashed holder). */
  lockTtlMs?: number;
  /** How long an event waits for another event of the same article before giving up (503 for the CMS). */
  lockWaitMs?: number;
}

/**
 * Article records, their log, the (article, revision) acceptance guard and a per-article lock, in
 * Redis (keys in post-keys.ts). The lock serialises events of one article (a CMS that saves twice in
 * a second) so that recomposing reads what the previous event wrote; post writes stay version-checked,
 * so a lock that expired under a slow holder costs at most a retry, never a second post.
 */
export class ArticleStore {
  private readonly lockTtlMs: number;
  private readonly lockWaitMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: PostKeys,
    options: ArticleStoreOptions = {},
  ) {
    this.lockTtlMs = options.lockTtlMs ?? 15_000;
    this.lockWaitMs = options.lockWaitMs ?? 10_000;
  }

  async get(articleId: string): Promise<ArticleRecord | undefined> {
    const json = await this.redis.hget(this.keys.article(articleId), 'record');
    return json === null ? undefined : (JSON.parse(json) as ArticleRecord);
  }

  async log(articleId: string): Promise<ArticleLogEntry[]> {
    const entries = await this.redis.lrange(this.keys.articleLog(articleId), 0, -1);
    return entries.map((json) => JSON.parse(json) as ArticleLogEntry);
  }

  async isAccepted(articleId: string, revision: string): Promise<boolean> {
    return (await this.redis.exists(this.keys.accepted(articleId, revision))) === 1;
  }

  /** Writes the record, appends to the log and, for a revision, sets its acceptance guard, in one step. */
  async save(record: ArticleRecord, entry: ArticleLogEntry, acceptedRevision?: string): Promise<void> {
    const multi = this.redis
      .multi()
      .hset(this.keys.article(record.id), 'record', JSON.stringify(record))
      .rpush(this.keys.articleLog(record.id), JSON.stringify(entry));
    if (acceptedRevision !== undefined) multi.set(this.keys.accepted(record.id, acceptedRevision), JSON.stringify(entry.posts ?? []));
    const replies = (await multi.exec()) ?? [];
    for (const [error] of replies) if (error) throw error;
  }

  /** Appends to the log alone (editor actions that change posts, not the article). */
  async append(articleId: string, entry: ArticleLogEntry): Promise<void> {
    await this.redis.rpush(this.keys.articleLog(articleId), JSON.stringify(entry));
  }

  /** Runs `work` while holding the article's lock; throws ArticleBusyError when it cannot be had in time. */
  async withLock<T>(articleId: string, work: () => Promise<T>): Promise<T> {
    const key = this.keys.articleLock(articleId);
    const token = randomUUID();
    const deadline = Date.now() + this.lockWaitMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      if ((await this.redis.set(key, token, 'PX', this.lockTtlMs, 'NX')) === 'OK') break;
      if (Date.now() >= deadline) throw new ArticleBusyError(articleId);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    try {
      return await work();
    } finally {
      await releaseLockScript.run(this.redis, [key], [token]).catch(() => undefined);
    }
  }
}
