import type { Composer, ComposeTarget } from '../compose/composer.js';
import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';
import type { PostError } from '../posts/post.js';

export type ComposeAttempt = { ok: true; draft: Draft } | { ok: false; error: PostError };

/**
 * Composes each target's draft (the article's own work done once), turning a failure (a template
 * branch that breaks for this article, say) into a reason for that one post: the article's other
 * posts are composed and go out anyway.
 */
export function composeEach(composer: Composer, article: Article, targets: readonly ComposeTarget[], now = new Date()): ComposeAttempt[] {
  return composer.composeEach(article, targets).map((outcome) => (outcome.ok ? outcome : { ok: false, error: postErrorOf(outcome.error, now) }));
}

export function postErrorOf(error: unknown, now: Date): PostError {
  return error instanceof Error
    ? { kind: error.constructor.name, message: error.message, at: now.toISOString() }
    : { kind: 'Error', message: String(error), at: now.toISOString() };
}

/** What a post that could not be composed carries: no parts, so it can never be sent as it is. */
export function emptyDraft(article: Article, target: ComposeTarget): Draft {
  return {
    platform: target.platform,
    account: target.account,
    articleId: article.id,
    parts: [],
    media: [],
    link: { url: article.url, title: article.headline, description: article.summary ?? '' },
    ...(article.language ? { language: article.language } : {}),
  };
}
