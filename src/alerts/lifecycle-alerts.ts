import type { ArticleLifecycleApi } from '../lifecycle/lifecycle-types.js';
import type { PostRecord } from '../posts/post.js';
import type { AlertNotifier } from './alerts.js';

function reviewReason(post: PostRecord): string {
  const what = post.kind === 'correction' ? 'A correction' : 'A post';
  return `${what} of revision ${post.revision} waits for an editor's approval`;
}

/**
 * What an event leaves for an editor: posts waiting for review, and posts that failed before a
 * worker saw them (a template that broke for this article, with file and line in lastError).
 * Alerts are deduplicated per post version and state, so a post that was already waiting or
 * failed (and did not change) is not announced again by a later event; a recomposed one is.
 */
async function announce(posts: readonly PostRecord[], alerts: AlertNotifier): Promise<void> {
  await Promise.all(
    posts.map((p) => {
      if (p.state === 'pending_review') return alerts.notify('post.needs_review', p, reviewReason(p));
      // attempts 0: failed at compose, before any worker (a worker's failure was alerted by the worker).
      if (p.state === 'failed' && p.attempts === 0 && p.lastError) return alerts.notify('post.failed', p, `${p.lastError.kind}: ${p.lastError.message}`);
      return undefined;
    }),
  );
}

/** The lifecycle, telling the desk what each event and correction leaves for an editor. */
export function withLifecycleAlerts(lifecycle: ArticleLifecycleApi, alerts: AlertNotifier): ArticleLifecycleApi {
  return {
    async handle(event, by) {
      const outcome = await lifecycle.handle(event, by);
      // notify only writes to Redis and never throws: the CMS's answer does not wait on the receiver.
      await announce(outcome.posts, alerts);
      return outcome;
    },
    retractPost: (postId, by, reason) => lifecycle.retractPost(postId, by, reason),
    retractArticle: (articleId, by, reason) => lifecycle.retractArticle(articleId, by, reason),
    async correct(articleId, text, by) {
      const posts = await lifecycle.correct(articleId, text, by);
      await announce(posts, alerts);
      return posts;
    },
    article: (articleId) => lifecycle.article(articleId),
  };
}
