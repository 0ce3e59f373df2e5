import type { ArticleEvent } from '../domain/article.js';
import type { ArticleLogEntry } from '../posts/article-store.js';
import type { PostRecord, Transition } from '../posts/post.js';

/** What one event did to the article's posts. */
export type LifecycleAction =
  /** First publication: posts created. */
  | 'created'
  /** A new revision recomposed posts that had not gone out. */
  | 'recomposed'
  /** A new revision after the posts went out, without a correction: nothing to do. */
  | 'unchanged'
  /** Correction replies queued under the published posts. */
  | 'corrected'
  /** Unpublished or deleted: queued posts cancelled, published ones retracted or marked for an editor. */
  | 'withdrawn'
  /** This exact (article, revision) or withdrawal was seen before: nothing new. */
  | 'duplicate'
  /** A numeric revision older than one already accepted: ignored. */
  | 'stale'
  /** A publication after a withdrawal (posts the withdrawal cancelled stay cancelled). */
  | 'republished'
  /** An editor retracted the article everywhere. */
  | 'retracted';

export interface LifecycleOutcome {
  articleId: string;
  revision?: string;
  action: LifecycleAction;
  /** Every post of the article (originals and corrections) after the event. */
  posts: PostRecord[];
}

export interface ArticleView {
  articleId: string;
  /** Absent for articles only known from posts made before the lifecycle existed. */
  status?: 'published' | 'unpublished' | 'deleted';
  revision?: string;
  revisions: { revision: string; at: string; by: string; action: LifecycleAction }[];
  /** Every event and editor action on the article, oldest first. */
  log: ArticleLogEntry[];
  posts: (PostRecord & { history: Transition[] })[];
}

/** The lifecycle as other modules (HTTP routes, sources, dashboard, CLI) use it. */
export interface ArticleLifecycleApi {
  handle(event: ArticleEvent, by: string): Promise<LifecycleOutcome>;
  retractPost(postId: string, by: string, reason?: string): Promise<PostRecord>;
  retractArticle(articleId: string, by: string, reason?: string): Promise<PostRecord[]>;
  correct(articleId: string, text: string, by: string): Promise<PostRecord[]>;
  article(articleId: string): Promise<ArticleView>;
}
