import type { ArticleLifecycleApi, LifecycleOutcome } from '../lifecycle/lifecycle-types.js';
import type { AlertNotifier } from './alerts.js';

function reviewReason(post: LifecycleOutcome['posts'][number]): string {
  const what = post.kind === 'correction' ? 'A correction' : 'A post';
  return `${what} of revision ${post.revision} waits for an editor's approval`;
}

/**
 * The lifecycle, telling the desk about every post an event leaves in pending_review. Alerts are
 * deduplicated per post version and state, so a post that was already waiting (and did not
 * change) is not announced again by a later event of its article; a recomposed one is.
 */
export function withReviewAlerts(lifecycle: ArticleLifecycleApi, alerts: AlertNotifier): ArticleLifecycleApi {
  return {
    async handle(event, by) {
      const outcome = await lifecycle.handle(event, by);
      const waiting = outcome.posts.filter((p) => p.state === 'pending_review');
      // Never holds up the CMS's answer: notify only writes to Redis, and failures are logged there.
      await Promise.all(waiting.map((p) => alerts.notify('post.needs_review', p, reviewReason(p))));
      return outcome;
    },
    retractPost: (postId, by, reason) => lifecycle.retractPost(postId, by, reason),
    retractArticle: (articleId, by, reason) => lifecycle.retractArticle(articleId, by, reason),
    async correct(articleId, text, by) {
      const posts = await lifecycle.correct(articleId, text, by);
      await Promise.all(posts.filter((p) => p.state === 'pending_review').map((p) => alerts.notify('post.needs_review', p, reviewReason(p))));
      return posts;
    },
    article: (articleId) => lifecycle.article(articleId),
  };
}
