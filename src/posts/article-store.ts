import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Article } from '../domain/article.js';
import { ArticleBusyError } from '../domain/errors/index.js';
import { closeArticleScript, openArticleScript, releaseLockScript } from './article-scripts.js';
import type { ScriptCall } from './lua-script.js';
import type { PostKeys } from './post-keys.js';
import type { PostRecord } from './post.js';
import { inCreationOrder } from './post-store.js';

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

/** What an event of one article reads under the article's lock. */
export interface OpenedArticle {
  /** Whether this (article, revision) was accepted before (false without a revision). */
  accepted: boolean;
  record?: ArticleRecord;
  /** Every post of the article in creation order, as `PostStore.forArticle` lists them. */
  posts: PostRecord[];
}

/** What an event writes on the article when it is done: the record (unless only the log changes) and a log entry. */
export interface ArticleWrite {
  record?: ArticleRecord;
  entry: ArticleLogEntry;
  /** Sets this revision's acceptance guard (holding the entry's post ids), so the same event again is a duplicate. */
  acceptedRevision?: string;
  /**
   * Sends the closing step (this write and the lock's release) behind commands of the caller's, in
   * one round trip: the lifecycle's new jobs, which must be on before the lock goes. By default it goes alone.
   */
  send?: (close: ScriptCall) => Promise<void>;
}

export interface ArticleWork<T> {
  value: T;
  write?: ArticleWrite;
}

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

  /**
   * Runs `work` while holding the article's lock, with what the lock guards read in the same step
   * as taking it; then writes what `work` returns for the article together with the release.
   * Throws ArticleBusyError when the lock cannot be had in time.
   */
  async withArticle<T>(articleId: string, revision: string | undefined, work: (opened: OpenedArticle) => Promise<ArticleWork<T>>): Promise<T> {
    const lock = this.keys.articleLock(articleId);
    const token = randomUUID();
    const opened = await this.open(articleId, revision, lock, token);
    const release = () => releaseLockScript.run(this.redis, [lock], [token]).catch(() => undefined);
    let done: ArticleWork<T>;
    try {
      done = await work(opened);
      if (done.write) await this.close(articleId, lock, token, done.write);
    } catch (error) {
      await release();
      throw error;
    }
    if (!done.write) await release();
    return done.value;
  }

  private async close(articleId: string, lock: string, token: string, write: ArticleWrite): Promise<void> {
    const keys = [this.keys.article(articleId), this.keys.articleLog(articleId), lock];
    if (write.acceptedRevision !== undefined) keys.push(this.keys.accepted(articleId, write.acceptedRevision));
    const args = [write.record ? JSON.stringify(write.record) : '', JSON.stringify(write.entry), token, JSON.stringify(write.entry.posts ?? [])];
    const close: ScriptCall = { script: closeArticleScript, keys, args };
    await (write.send ? write.send(close) : close.script.run(this.redis, keys, args));
  }

  private async open(articleId: string, revision: string | undefined, lock: string, token: string): Promise<OpenedArticle> {
    const keys = [lock, this.keys.article(articleId), this.keys.byArticle(articleId)];
    if (revision !== undefined) keys.push(this.keys.accepted(articleId, revision));
    const deadline = Date.now() + this.lockWaitMs;
    for (let wait = 5; ; wait = Math.min(wait * 2, 100)) {
      const reply = (await openArticleScript.run(this.redis, keys, [token, this.lockTtlMs, this.keys.post('')])) as [number, number?, string?, ...string[]];
      if (reply[0] === 1) {
        const [, accepted, record, ...posts] = reply;
        return {
          accepted: accepted === 1,
          record: record ? (JSON.parse(record) as ArticleRecord) : undefined,
          posts: posts
            .filter((json) => json !== '')
            .map((json) => JSON.parse(json) as PostRecord)
            .filter((p) => p.articleId === articleId)
            .sort(inCreationOrder),
        };
      }
      if (Date.now() >= deadline) throw new ArticleBusyError(articleId);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
