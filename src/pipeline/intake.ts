import type { Composer, ComposeTarget } from '../compose/composer.js';
import type { AccountRouting } from '../config.js';
import type { Article } from '../domain/article.js';
import { accountGetsArticle } from '../domain/routing.js';
import type { PostRecord } from '../posts/post.js';
import type { PostStore } from '../posts/post-store.js';
import type { PublishQueues } from './publish-queues.js';
import type { ReviewPolicy } from './review-policy.js';

export interface IntakeResult {
  /** false when this (id, revision) was accepted before: nothing new was created. */
  created: boolean;
  posts: PostRecord[];
}

/** Article → post records → queued jobs. Idempotent per (article id, revision). */
export class Intake {
  constructor(
    private readonly deps: {
      store: PostStore;
      queues: PublishQueues;
      composer: Composer;
      targets: readonly (ComposeTarget & AccountRouting)[];
      policy: ReviewPolicy;
      now?: () => Date;
    },
  ) {}

  async accept(article: Article, by = 'cms'): Promise<IntakeResult> {
    const { store, queues, composer, targets, policy } = this.deps;
    const now = (this.deps.now ?? (() => new Date()))();
    const routed = targets.filter((t) => accountGetsArticle(article, t));
    const drafts = composer.compose(article, routed);
    const accountOf = (draft: { platform: string; account: string }): AccountRouting =>
      routed.find((t) => t.platform === draft.platform && t.account === draft.account) ?? {};
    const result = await store.createForArticle({
      articleId: article.id,
      revision: article.revision,
      drafts,
      initialStateFor: (draft) => (policy.needsReview(draft, article, accountOf(draft)) ? 'pending_review' : 'scheduled'),
      scheduledAtFor: (draft) =>
        policy.needsReview(draft, article, accountOf(draft)) ? undefined : policy.scheduledAt(article, now, accountOf(draft)),
      priority: article.priority,
      by,
    });
    // Also on a repeat: if the first delivery died between storing and queueing, the CMS's retry
    // finishes the job (scheduling is idempotent per post id).
    await Promise.all(
      result.posts.filter((p) => p.state === 'scheduled').map((p) => queues.schedule(p, now.getTime(), { fresh: result.created })),
    );
    return result;
  }
}
