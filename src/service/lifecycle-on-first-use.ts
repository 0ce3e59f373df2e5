import { lazy } from '../domain/lazy.js';
import type { ArticleLifecycleApi } from '../lifecycle/lifecycle-types.js';

/**
 * The lifecycle, built on its first call. A process that does not serve hands the lifecycle only
 * what the sources bring (a queued Ghost event, a feed item), which may never come: until then it
 * keeps the compose stack (the cleaners, the fitter, entities and their segmenters) unloaded.
 */
export function lifecycleOnFirstUse(build: () => Promise<ArticleLifecycleApi>): ArticleLifecycleApi {
  const lifecycle = lazy(build);
  return {
    handle: async (event, by) => (await lifecycle()).handle(event, by),
    retractPost: async (postId, by, reason) => (await lifecycle()).retractPost(postId, by, reason),
    retractArticle: async (articleId, by, reason) => (await lifecycle()).retractArticle(articleId, by, reason),
    correct: async (articleId, text, by) => (await lifecycle()).correct(articleId, text, by),
    article: async (articleId) => (await lifecycle()).article(articleId),
  };
}
