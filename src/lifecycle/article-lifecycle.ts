import type { Composer, ComposeTarget } from '../compose/composer.js';
import type { AccountRouting } from '../config.js';
import type { Article, ArticleEvent, WithdrawnStatus } from '../domain/article.js';
import { ArticleNotFoundError, InvalidStateError } from '../domain/errors/index.js';
import { accountGetsArticle } from '../domain/routing.js';
import type { PublishQueues } from '../pipeline/publish-queues.js';
import type { ReviewPolicy } from '../pipeline/review-policy.js';
import type { ArticleLogEntry, ArticleRecord, ArticleStore, ArticleWork, OpenedArticle } from '../posts/article-store.js';
import type { ScriptCall } from '../posts/lua-script.js';
import type { PostRecord, PostState, RetractionStatus } from '../posts/post.js';
import { inCreationOrder, type PostStore } from '../posts/post-store.js';
import { composeEach } from './compose-attempt.js';
import { correctionPost, newPost } from './new-post.js';
import { recompose } from './recompose.js';
import type { ArticleLifecycleApi, ArticleView, LifecycleAction, LifecycleOutcome } from './lifecycle-types.js';

export interface LifecycleDeps {
  store: PostStore;
  articles: ArticleStore;
  queues: PublishQueues;
  composer: Composer;
  targets: readonly (ComposeTarget & AccountRouting)[];
  policy: ReviewPolicy;
  unpublishPolicy: 'review' | 'retract';
  /** Told when a post that went out needs an editor to retract it (UNPUBLISH_POLICY=review). */
  onRetractionNeeded?: (post: PostRecord) => void;
  now?: () => Date;
}

/** States in which nothing of the post has gone out and an editor or the clock still decides. */
const WAITING: readonly PostState[] = ['pending_review', 'scheduled'];
/** States in which parts are out on the platform. */
const OUT: readonly PostState[] = ['published', 'partially_published'];

const keyOf = (p: { platform: string; account: string }): string => `${p.platform}/${p.account}`;

/**
 * What an event means for an article's posts, for the article's whole life (README, "Article
 * lifecycle"): one post per (article, account); later revisions recompose what has not gone out,
 * corrections reply under what has, withdrawals cancel or retract. Events of one article are
 * serialised by the article's lock; every post write is version-checked on top.
 */
export class ArticleLifecycle implements ArticleLifecycleApi {
  constructor(private readonly deps: LifecycleDeps) {}

  private now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  async handle(event: ArticleEvent, by: string): Promise<LifecycleOutcome> {
    if (event.kind === 'withdraw') {
      return this.deps.articles.withArticle(event.articleId, undefined, (opened) => this.withdraw(event.articleId, event.status, by, opened));
    }
    return this.deps.articles.withArticle(event.article.id, event.article.revision, (opened) => this.publish(event.article, by, opened, event.accounts));
  }

  private async publish(article: Article, by: string, opened: OpenedArticle, accounts?: readonly string[]): Promise<ArticleWork<LifecycleOutcome>> {
    const { store, queues } = this.deps;
    const now = this.now();
    const { record, posts: existing } = opened;
    if (opened.accepted) {
      // A repeat also finishes what a crash between storing and queueing left undone (idempotent per post id).
      await Promise.all(existing.filter((p) => p.state === 'scheduled').map((p) => queues.schedule(p, now.getTime())));
      return { value: { articleId: article.id, revision: article.revision, action: 'duplicate', posts: existing } };
    }
    const numeric = /^\d+$/.test(article.revision) ? Number(article.revision) : undefined;
    if (numeric !== undefined && record?.numericRevision !== undefined && numeric < record.numericRevision) {
      return {
        value: { articleId: article.id, revision: article.revision, action: 'stale', posts: existing },
        write: { record, entry: { at: now.toISOString(), by, action: 'stale', revision: article.revision }, acceptedRevision: article.revision },
      };
    }

    const originals = originalsByTarget(existing);
    const routed = this.deps.targets.filter((t) => accountGetsArticle(article, t) && (accounts === undefined || accounts.includes(keyOf(t))));
    const changed: PostRecord[] = [];
    const toQueue: PostRecord[] = [];
    const fresh: PostRecord[] = [];
    let action: LifecycleAction = record ? 'unchanged' : 'created';

    const attempts = composeEach(this.deps.composer, article, routed);
    for (const [index, target] of routed.entries()) {
      const current = originals.get(keyOf(target));
      const attempt = attempts[index]!;
      if (!current) {
        fresh.push(newPost({ article, target, attempt, policy: this.deps.policy, now }));
        continue;
      }
      const revised = await recompose({ store, post: current, article, attempt, policy: this.deps.policy, target, now, by });
      if (revised) {
        changed.push(revised);
        if (revised.state === 'scheduled') toQueue.push(revised);
        else if (current.state === 'scheduled') await queues.unschedule(revised);
        action = 'recomposed';
      }
    }

    const created = await store.createPosts(fresh, by);
    const isNew = new Set(created);
    toQueue.push(...created.filter((p) => p.state === 'scheduled'));
    if (created.length > 0 && record) action = 'recomposed';

    if (article.correction !== undefined) {
      const corrections = await this.createCorrections(article, article.correction, existing, by);
      if (corrections.length > 0) {
        action = 'corrected';
        changed.push(...corrections);
        corrections.forEach((p) => isNew.add(p));
        toQueue.push(...corrections.filter((p) => p.state === 'scheduled'));
      }
    }

    // Posts that were there may have a job to move; new ones (and new corrections) have none, and theirs go on with the closing write below.
    await Promise.all(toQueue.filter((p) => !isNew.has(p)).map((p) => queues.schedule(p, now.getTime())));
    const newJobs = toQueue.filter((p) => isNew.has(p));
    const next: ArticleRecord = {
      id: article.id,
      status: 'published',
      revision: article.revision,
      numericRevision: Math.max(numeric ?? 0, record?.numericRevision ?? 0) || undefined,
      article,
      updatedAt: now.toISOString(),
    };
    const entry: ArticleLogEntry = {
      at: now.toISOString(),
      by,
      action: record && record.status !== 'published' ? 'republished' : action,
      revision: article.revision,
      status: 'published',
      ...(article.correction !== undefined ? { correction: article.correction } : {}),
      posts: [...created, ...changed].map((p) => p.id),
    };
    // Every post of the article as it now stands, without reading them back: what was there, as changed, then what is new.
    const current = new Map([...existing, ...changed, ...created].map((p) => [p.id, p]));
    return {
      value: { articleId: article.id, revision: article.revision, action, posts: [...current.values()].sort(inCreationOrder) },
      // The new jobs, then guard and release, in one round trip: a job that failed to go on is still followed by the
      // guard, so the CMS's retry is a duplicate, which queues it; a process that dies before sending leaves it to the sweeper.
      write: { record: next, entry, acceptedRevision: article.revision, send: (close) => queues.scheduleNew(newJobs, now.getTime(), close) },
    };
  }

  /** One correction post under each original that went out, unless this correction was posted there already. */
  private async createCorrections(article: Article, text: string, posts: readonly PostRecord[], by: string): Promise<PostRecord[]> {
    const now = this.now();
    const ids = new Set(posts.map((p) => p.id));
    const wanted: PostRecord[] = [];
    for (const original of posts) {
      if ((original.kind ?? 'article') !== 'article' || !OUT.includes(original.state) || original.delivered.length === 0) continue;
      const target = { platform: original.platform, account: original.account };
      const routing = this.deps.targets.find((t) => keyOf(t) === keyOf(target)) ?? target;
      const correction = correctionPost({ composer: this.deps.composer, article, text, original, routing, policy: this.deps.policy, now });
      if (!ids.has(correction.id)) wanted.push(correction);
    }
    return this.deps.store.createPosts(wanted, by);
  }

  private async withdraw(articleId: string, status: WithdrawnStatus, by: string, opened: OpenedArticle): Promise<ArticleWork<LifecycleOutcome>> {
    const now = this.now();
    const { record } = opened;
    const reason = `article ${status}`;
    // Run again on a repeat too: it changes nothing that is done, and finishes what a crash left (a retraction not yet queued).
    const touched = await this.takeDown(opened.posts, reason, by, this.deps.unpublishPolicy);
    const posts = withChanges(opened.posts, touched);
    if (record && record.status === status) return { value: { articleId, action: 'duplicate', posts } };
    const next: ArticleRecord = { ...(record ?? { id: articleId }), status, updatedAt: now.toISOString() };
    return {
      value: { articleId, action: 'withdrawn', posts },
      write: { record: next, entry: { at: now.toISOString(), by, action: 'withdrawn', status, posts: touched.map((p) => p.id) } },
    };
  }

  /**
   * Cancels what waits, and retracts (or flags for an editor) what went out, for every post of the
   * article, corrections included. Returns the posts it changed.
   */
  private async takeDown(posts: readonly PostRecord[], reason: string, by: string, policy: 'review' | 'retract'): Promise<PostRecord[]> {
    const { queues } = this.deps;
    const touched: PostRecord[] = [];
    for (const post of posts) {
      if (WAITING.includes(post.state) && post.delivered.length === 0) {
        const cancelled = await this.cancelWaiting(post, reason, by);
        if (cancelled) touched.push(cancelled);
        continue;
      }
      if (post.state === 'scheduled' || post.state === 'publishing' || OUT.includes(post.state)) {
        touched.push(await this.requestRetraction(post, { reason, by, status: policy === 'retract' ? 'pending' : 'needed' }));
        continue;
      }
      // failed, rejected, cancelled, retracted: nothing of it is out (or it is already gone).
      await queues.unschedule(post);
    }
    return touched;
  }

  /** Cancels a post that has not gone out; undefined when a worker claimed it first (it is then retracted). */
  private async cancelWaiting(post: PostRecord, reason: string, by: string): Promise<PostRecord | undefined> {
    const { store, queues } = this.deps;
    try {
      const cancelled = await store.change(
        post.id,
        (current, at) => {
          if (!WAITING.includes(current.state) || current.delivered.length > 0) throw new InvalidStateError(current.id, current.state, 'cancel');
          return { record: { ...current, state: 'cancelled' }, entry: { from: current.state, to: 'cancelled', by, at, reason } };
        },
        { current: post },
      );
      await queues.unschedule(cancelled);
      return cancelled;
    } catch (error) {
      if (!(error instanceof InvalidStateError)) throw error;
      // A worker took it meanwhile: whatever it sends is retracted once it lands.
      return this.requestRetraction(await store.get(post.id), { reason, by, status: this.deps.unpublishPolicy === 'retract' ? 'pending' : 'needed' });
    }
  }

  /**
   * Marks a post for retraction. `pending` queues the retraction (now, or for a post still being sent,
   * when its worker finishes); `needed` waits for an editor and says so.
   */
  private async requestRetraction(post: PostRecord, request: { reason: string; by: string; status: 'pending' | 'needed' }): Promise<PostRecord> {
    const { store, queues } = this.deps;
    if (post.state === 'retracted') return post;
    const marked = await store.change(
      post.id,
      (current, at) => {
        if (current.state === 'retracted' || current.retraction?.status === request.status) return null;
        const retraction: RetractionStatus = { status: request.status, reason: request.reason, requestedBy: request.by, requestedAt: at };
        // A thread waiting for its retry stops here: the parts out are retracted, the rest never sent.
        const state: PostState = current.state === 'scheduled' ? 'partially_published' : current.state;
        return {
          record: { ...current, state, retraction },
          entry: { from: current.state, to: state, by: request.by, at, reason: `${request.status === 'pending' ? 'retraction requested' : 'retraction needed'}: ${request.reason}` },
        };
      },
      { current: post },
    );
    if (post.state === 'scheduled') await queues.unschedule(marked);
    if (request.status === 'pending' && OUT.includes(marked.state)) await queues.scheduleRetraction(marked);
    if (request.status === 'needed' && OUT.includes(marked.state)) this.deps.onRetractionNeeded?.(marked);
    return marked;
  }

  async retractPost(postId: string, by: string, reason = 'retracted by an editor'): Promise<PostRecord> {
    const post = await this.deps.store.get(postId);
    if (post.state === 'retracted') return post;
    if (WAITING.includes(post.state) && post.delivered.length === 0) {
      throw new InvalidStateError(post.id, post.state, 'retract (nothing went out; cancel it instead)');
    }
    if (!(post.state === 'scheduled' || post.state === 'publishing' || OUT.includes(post.state))) {
      throw new InvalidStateError(post.id, post.state, 'retract');
    }
    const marked = await this.requestRetraction(post, { reason, by, status: 'pending' });
    // Asking again after a failed or unsupported attempt tries again.
    if (marked.retraction?.status !== 'pending') return this.requestRetraction({ ...marked, retraction: undefined }, { reason, by, status: 'pending' });
    return marked;
  }

  async retractArticle(articleId: string, by: string, reason = 'retracted by an editor'): Promise<PostRecord[]> {
    return this.deps.articles.withArticle(articleId, undefined, async ({ record, posts }) => {
      if (!record && posts.length === 0) throw new ArticleNotFoundError(articleId);
      const touched = await this.takeDown(posts, reason, by, 'retract');
      return {
        value: withChanges(posts, touched),
        write: { entry: { at: this.now().toISOString(), by, action: 'retracted', posts: touched.map((p) => p.id) } },
      };
    });
  }

  async correct(articleId: string, text: string, by: string): Promise<PostRecord[]> {
    return this.deps.articles.withArticle(articleId, undefined, async ({ record, posts }) => {
      if (!record?.article) throw new ArticleNotFoundError(articleId);
      const created = await this.createCorrections(record.article, text, posts, by);
      const now = this.now();
      const entry: ArticleLogEntry = { at: now.toISOString(), by, action: 'corrected', correction: text, posts: created.map((p) => p.id) };
      const send = (close: ScriptCall) => this.deps.queues.scheduleNew(created.filter((p) => p.state === 'scheduled'), now.getTime(), close);
      return { value: created, write: { entry, send } };
    });
  }

  async article(articleId: string): Promise<ArticleView> {
    const [record, log, posts] = await Promise.all([
      this.deps.articles.get(articleId),
      this.deps.articles.log(articleId),
      this.deps.store.forArticle(articleId),
    ]);
    if (!record && posts.length === 0) throw new ArticleNotFoundError(articleId);
    const withHistory = await Promise.all(
      posts.map(async (post) => ({ ...post, history: await this.deps.store.history(post.id).catch(() => []) })),
    );
    return {
      articleId,
      ...(record ? { status: record.status, revision: record.revision } : {}),
      revisions: log.map((e) => ({ revision: e.revision ?? '', at: e.at, by: e.by, action: e.action as LifecycleAction })),
      log,
      posts: withHistory,
    };
  }
}

/** The article's posts with the ones an action changed in their place, in creation order. */
function withChanges(posts: readonly PostRecord[], changed: readonly PostRecord[]): PostRecord[] {
  const byId = new Map([...posts, ...changed].map((p) => [p.id, p]));
  return [...byId.values()].sort(inCreationOrder);
}

/**
 * The post that stands for each (platform, account): posts made before this lifecycle existed were
 * one per revision, so several may exist; the one that went out wins, then the newest.
 */
function originalsByTarget(posts: readonly PostRecord[]): Map<string, PostRecord> {
  const byTarget = new Map<string, PostRecord>();
  for (const post of posts) {
    if ((post.kind ?? 'article') !== 'article') continue;
    const key = keyOf(post);
    const held = byTarget.get(key);
    const wentOut = (p: PostRecord) => p.delivered.length > 0 || OUT.includes(p.state);
    if (!held || (wentOut(post) && !wentOut(held)) || (wentOut(post) === wentOut(held) && post.createdAt >= held.createdAt)) {
      byTarget.set(key, post);
    }
  }
  return byTarget;
}
