import type { Redis } from 'ioredis';
import type { Priority } from '../domain/article.js';
import type { DeliveredPart } from '../domain/delivery.js';
import type { Draft } from '../domain/draft.js';
import {
  DuplicateDraftError,
  InvalidStateError,
  PostNotFoundError,
  VersionConflictError,
} from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { PROFILES } from '../platforms/profiles.js';
import { validateParts } from './part-validation.js';
import { applyPatch, normaliseIso, sortedByIndex, type PostPatch } from './post-patch.js';
import { idFromIndexMember, indexMember, PostKeys } from './post-keys.js';
import { createMissingPostsScript, createPostsScript, writePostScript } from './post-scripts.js';
import { isPostId, postIdFor, type PostRecord, type PostState, type Transition } from './post.js';
import { assertTransition } from './transitions.js';

export interface CreateForArticleInput {
  articleId: string;
  revision: string;
  drafts: Draft[];
  initialStateFor(draft: Draft): 'pending_review' | 'scheduled';
  scheduledAtFor(draft: Draft): string | undefined;
  priority: Priority;
  by: string;
}

export interface TransitionOptions {
  by: string;
  reason?: string;
  /** When given, the change is refused with VersionConflictError unless the post is still at this version. */
  expectedVersion?: number;
  patch?: PostPatch;
  /**
   * The record as the caller just read or wrote it, to skip re-reading it. The write still checks
   * the stored version, so a stale one only costs a re-read.
   */
  current?: PostRecord;
  /** Hash fields set in the same step as the change, even when it loses a race (a ledger record; see writePostScript). */
  alsoSet?: HashFields;
}

/** Fields to set in one hash. */
export interface HashFields {
  key: string;
  fields: Record<string, string>;
}

export interface ListQuery {
  state?: PostState;
  articleId?: string;
  /** 1–500, default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface PostPage {
  posts: PostRecord[];
  /** Present when the index holds more posts after this page (with both filters the next page may come back empty). */
  nextCursor?: string;
}

export interface PostStoreOptions {
  prefix: string;
  now?: () => Date;
  /** The account's own counting rules where they differ from the platform's (a Mastodon instance's limit), for edits. */
  profileFor?: (target: { platform: PlatformId; account: string }) => PlatformProfile | undefined;
}

export type Change = { record: PostRecord; entry?: Transition } | null;

const EDITABLE: readonly PostState[] = ['pending_review', 'scheduled'];
// Without an expected version a writer re-reads and retries; this many lost races means something is hammering one post.
const MAX_RACES = 20;

/** Oldest first; posts created together (one event) by id, so every listing of an article agrees. */
export function inCreationOrder(a: PostRecord, b: PostRecord): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** `current` moved to `to` (with the patch), and the history entry that says who did it and why. */
function stateChange(current: PostRecord, to: PostState, options: Pick<TransitionOptions, 'by' | 'reason' | 'patch'>, at: string): { record: PostRecord; entry: Transition } {
  assertTransition(current.state, to);
  const record = { ...applyPatch(current, options.patch), state: to };
  const entry: Transition = { from: current.state, to, by: options.by, at };
  if (options.reason !== undefined) entry.reason = options.reason;
  return { record, entry };
}

/** A changed record as written: one version past the one it was computed from. */
function nextVersion(changed: PostRecord, from: PostRecord, at: string): PostRecord {
  return { ...changed, version: from.version + 1, updatedAt: at };
}

/** Post records, their state machine and audit trail in Redis (key layout in post-keys.ts). */
export class PostStore {
  readonly keys: PostKeys;
  private readonly now: () => Date;
  private readonly profileFor: PostStoreOptions['profileFor'];

  constructor(
    private readonly redis: Redis,
    options: PostStoreOptions,
  ) {
    this.keys = new PostKeys(options.prefix);
    this.now = options.now ?? (() => new Date());
    this.profileFor = options.profileFor;
  }

  /**
   * Creates one post per draft, once per (articleId, revision): a repeated call, concurrent or not,
   * writes nothing and returns the posts of the first one with `created: false`.
   */
  async createForArticle(input: CreateForArticleInput): Promise<{ created: boolean; posts: PostRecord[] }> {
    const at = this.now().toISOString();
    const seen = new Set<string>();
    const posts = input.drafts.map((draft): PostRecord => {
      const id = postIdFor(input.articleId, draft.platform, draft.account);
      if (seen.has(id)) throw new DuplicateDraftError(draft.platform, draft.account);
      seen.add(id);
      const scheduledAt = input.scheduledAtFor(draft);
      return {
        id,
        articleId: input.articleId,
        revision: input.revision,
        platform: draft.platform,
        account: draft.account,
        state: input.initialStateFor(draft),
        version: 1,
        draft,
        priority: input.priority,
        ...(scheduledAt === undefined ? {} : { scheduledAt: normaliseIso('scheduledAt', scheduledAt) }),
        createdAt: at,
        updatedAt: at,
        delivered: [],
        attempts: 0,
      };
    });

    const keys = [this.keys.accepted(input.articleId, input.revision), this.keys.all(), this.keys.byArticle(input.articleId)];
    const args: (string | number)[] = [JSON.stringify(posts.map((p) => p.id))];
    for (const post of posts) {
      keys.push(this.keys.post(post.id), this.keys.history(post.id), this.keys.byState(post.state));
      const entry: Transition = { from: null, to: post.state, by: input.by, at };
      args.push(indexMember(post.createdAt, post.id), JSON.stringify(post), post.version, JSON.stringify(entry));
    }
    const reply = await createPostsScript.run(this.redis, keys, args);
    const [flag, idsJson] = reply as [number, string];
    if (flag === 1) return { created: true, posts };
    const ids = JSON.parse(idsJson) as string[];
    const existing = await this.getMany(ids);
    return { created: false, posts: existing.filter((p): p is PostRecord => p !== undefined) };
  }

  /**
   * Creates each post that does not exist yet (with a first history entry by `by`) and returns the
   * ones it created; existing posts are left alone. For callers that decide per post (the lifecycle).
   */
  async createPosts(posts: readonly PostRecord[], by: string): Promise<PostRecord[]> {
    if (posts.length === 0) return [];
    const keys = [this.keys.all()];
    const args: (string | number)[] = [];
    for (const post of posts) {
      keys.push(this.keys.post(post.id), this.keys.history(post.id), this.keys.byState(post.state), this.keys.byArticle(post.articleId));
      const entry: Transition = { from: null, to: post.state, by, at: post.createdAt };
      if (post.lastError) entry.reason = post.lastError.message;
      args.push(indexMember(post.createdAt, post.id), JSON.stringify(post), post.version, JSON.stringify(entry));
    }
    const flags = (await createMissingPostsScript.run(this.redis, keys, args)) as number[];
    return posts.filter((_, i) => flags[i] === 1);
  }

  /** Every post of an article in creation order (originals and corrections, of any id scheme). */
  async forArticle(articleId: string): Promise<PostRecord[]> {
    const members = await this.redis.zrangebylex(this.keys.byArticle(articleId), '-', '+');
    const records = await this.getMany(members.map(idFromIndexMember));
    return records.filter((p): p is PostRecord => p !== undefined && p.articleId === articleId).sort(inCreationOrder);
  }

  /**
   * A version-checked change that the caller computes from the current record (the lifecycle's
   * recompose and retraction marks). `change` may throw to refuse, or return null for "nothing to do";
   * state changes in it must be allowed by the state machine.
   */
  async change(id: string, change: (current: PostRecord, at: string) => Change, options: { current?: PostRecord } = {}): Promise<PostRecord> {
    return this.update(id, undefined, options.current, undefined, (current, at) => {
      const changed = change(current, at);
      if (changed && changed.record.state !== current.state) assertTransition(current.state, changed.record.state);
      return changed;
    });
  }

  /** How a post's platform counts for its account: the account's own rules (a Mastodon instance's limit), else the platform's. */
  profileOf(post: { platform: PlatformId; account: string }): PlatformProfile {
    return this.profileFor?.(post) ?? PROFILES[post.platform];
  }

  /** The post, or undefined when there is none (a job whose post was removed). */
  async find(id: string): Promise<PostRecord | undefined> {
    try {
      return await this.get(id);
    } catch (error) {
      if (error instanceof PostNotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * The post (undefined when there is none) and every field of one more hash, in one round trip:
   * a publish job reads its post and its delivery ledger together.
   */
  async findWithHash(id: string, hashKey: string): Promise<{ post: PostRecord | undefined; hash: Record<string, string> }> {
    if (!isPostId(id)) return { post: undefined, hash: {} };
    const replies = (await this.redis.pipeline().hget(this.keys.post(id), 'record').hgetall(hashKey).exec()) ?? [];
    const [[recordError, json], [hashError, hash]] = replies as [[Error | null, string | null], [Error | null, Record<string, string>]];
    if (recordError) throw recordError;
    if (hashError) throw hashError;
    return { post: typeof json === 'string' ? (JSON.parse(json) as PostRecord) : undefined, hash };
  }

  async get(id: string): Promise<PostRecord> {
    // An id is part of a key name: `p_…:history` would read another key. Checked before Redis.
    if (!isPostId(id)) throw new PostNotFoundError(id);
    const json = await this.redis.hget(this.keys.post(id), 'record');
    if (json === null) throw new PostNotFoundError(id);
    return JSON.parse(json) as PostRecord;
  }

  /** Posts in the order of `ids`; `undefined` where one does not exist. */
  async getMany(ids: readonly string[]): Promise<(PostRecord | undefined)[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hget(this.keys.post(id), 'record');
    const replies = (await pipeline.exec()) ?? [];
    return replies.map(([err, json]) => {
      if (err) throw err;
      return typeof json === 'string' ? (JSON.parse(json) as PostRecord) : undefined;
    });
  }

  /** Newest first. With both `state` and `articleId`, the article's posts are filtered by state. */
  async list(query: ListQuery = {}): Promise<PostPage> {
    const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 500);
    const key =
      query.articleId !== undefined
        ? this.keys.byArticle(query.articleId)
        : query.state !== undefined
          ? this.keys.byState(query.state)
          : this.keys.all();
    const wanted = (p: PostRecord): boolean =>
      (query.state === undefined || p.state === query.state) && (query.articleId === undefined || p.articleId === query.articleId);

    const posts: PostRecord[] = [];
    let after = query.cursor;
    while (posts.length < limit) {
      const members = await this.redis.zrangebylex(key, after === undefined ? '-' : `(${after}`, '+', 'LIMIT', 0, limit - posts.length);
      if (members.length === 0) break;
      const records = await this.getMany(members.map(idFromIndexMember));
      records.forEach((record) => {
        if (record && wanted(record)) posts.push(record);
      });
      after = members[members.length - 1];
    }
    if (after === undefined) return { posts };
    const more = await this.redis.zrangebylex(key, `(${after}`, '+', 'LIMIT', 0, 1);
    return more.length > 0 ? { posts, nextCursor: after } : { posts };
  }

  /** The post's audit trail, oldest first, starting with its creation (`from: null`). */
  async history(id: string): Promise<Transition[]> {
    if (!isPostId(id)) throw new PostNotFoundError(id);
    const [[existsErr, exists], [rangeErr, entries]] = (await this.redis
      .multi()
      .exists(this.keys.post(id))
      .lrange(this.keys.history(id), 0, -1)
      .exec()) as [[Error | null, number], [Error | null, string[]]];
    if (existsErr) throw existsErr;
    if (rangeErr) throw rangeErr;
    if (exists === 0) throw new PostNotFoundError(id);
    return entries.map((json) => JSON.parse(json) as Transition);
  }

  async transition(id: string, to: PostState, options: TransitionOptions): Promise<PostRecord> {
    return this.update(id, options.expectedVersion, options.current, options.alsoSet, (current, at) => stateChange(current, to, options, at));
  }

  /**
   * Replaces the texts of a post that has not started publishing. Parts are re-measured as the
   * platform counts them; parts that already went out (a partial thread waiting for its retry)
   * must stay as they were.
   */
  async editParts(id: string, texts: string[], options: { by: string; expectedVersion: number }): Promise<PostRecord> {
    return this.update(id, options.expectedVersion, undefined, undefined, (current, at) => {
      if (!EDITABLE.includes(current.state)) throw new InvalidStateError(id, current.state, 'edit the parts of');
      const deliveredTexts = new Map<number, string>();
      for (const part of current.delivered) {
        const text = current.draft.parts[part.index]?.text;
        if (text !== undefined) deliveredTexts.set(part.index, text);
      }
      const parts = validateParts(current.platform, texts, { hasMedia: current.draft.media.length > 0, deliveredTexts, profile: this.profileOf(current) });
      return {
        record: { ...current, draft: { ...current.draft, parts }, editedBy: options.by },
        entry: { from: current.state, to: current.state, by: options.by, at, reason: 'edited parts' },
      };
    });
  }

  /** Adds a part that went out, for editors to see. A part already recorded is left as it is. */
  async recordDelivered(id: string, part: DeliveredPart): Promise<PostRecord> {
    return this.update(id, undefined, undefined, undefined, (current) => {
      if (current.delivered.some((p) => p.index === part.index)) return null;
      return { record: { ...current, delivered: sortedByIndex([...current.delivered, part]) } };
    });
  }

  /**
   * A state change computed from the caller's copy of the post (a publish job's snapshot), written
   * only if that copy is still the stored version and `first.key` (the post's ledger) is still
   * empty, together with that hash's first field: one round trip for a worker's claim and its first
   * part's prepared record. 'stale' when the copy is not the stored version (or the post is gone),
   * 'ledger' when the ledger holds something; nothing is written then.
   */
  async transitionFrom(
    copy: PostRecord,
    to: PostState,
    options: { by: string; reason?: string; first: { key: string; field: string; value: string } },
  ): Promise<PostRecord | 'stale' | 'ledger'> {
    if (!isPostId(copy.id)) return 'stale';
    const at = this.now().toISOString();
    const { record: changed, entry } = stateChange(copy, to, options, at);
    const record = nextVersion(changed, copy, at);
    const { key, field, value } = options.first;
    const reply = (await this.write(copy, { record, entry }, { key, mode: 'first', fields: { [field]: value } })) as [string];
    if (reply[0] === 'ok') return record;
    return reply[0] === 'ledger' ? 'ledger' : 'stale';
  }

  /**
   * Read, change, and write back only if nobody wrote in between (checked in Lua by version).
   * With an expected version a lost race is the caller's conflict; without one it re-reads and retries.
   */
  private async update(
    id: string,
    expectedVersion: number | undefined,
    known: PostRecord | undefined,
    alsoSet: HashFields | undefined,
    change: (current: PostRecord, at: string) => Change,
  ): Promise<PostRecord> {
    for (let race = 0; ; race++) {
      const current = race === 0 && known?.id === id ? known : await this.get(id);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new VersionConflictError(id, expectedVersion, current.version);
      }
      const at = this.now().toISOString();
      const changed = change(current, at);
      if (changed === null) return current;
      const record = nextVersion(changed.record, current, at);
      const reply = (await this.write(current, { record, entry: changed.entry }, alsoSet && { key: alsoSet.key, mode: 'set', fields: alsoSet.fields })) as [string, string?];
      if (reply[0] === 'ok') return record;
      if (reply[0] === 'missing') throw new PostNotFoundError(id);
      const currentVersion = Number(reply[1]);
      if (expectedVersion !== undefined || race + 1 >= MAX_RACES) {
        throw new VersionConflictError(id, expectedVersion ?? current.version, currentVersion);
      }
    }
  }

  /** One run of writePostScript: `record` replaces `current` if that is still the stored version. */
  private write(
    current: PostRecord,
    changed: { record: PostRecord; entry?: Transition },
    ledger?: { key: string; mode: 'set' | 'first'; fields: Record<string, string> },
  ): Promise<unknown> {
    const { id } = current;
    const { record, entry } = changed;
    const keys = [this.keys.post(id), this.keys.history(id), this.keys.byState(current.state), this.keys.byState(record.state)];
    const args: (string | number)[] = [current.version, record.version, JSON.stringify(record), indexMember(record.createdAt, id), entry ? JSON.stringify(entry) : ''];
    if (ledger) {
      keys.push(ledger.key);
      args.push(ledger.mode, ...Object.entries(ledger.fields).flat());
    }
    return writePostScript.run(this.redis, keys, args);
  }
}
