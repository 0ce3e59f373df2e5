import type { Composer, ComposeTarget } from '../compose/composer.js';
import type { AccountRouting } from '../config.js';
import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';
import type { ReviewPolicy } from '../pipeline/review-policy.js';
import { correctionIdFor, postIdFor, type PostRecord } from '../posts/post.js';
import { emptyDraft, postErrorOf, type ComposeAttempt } from './compose-attempt.js';
import { embargoOf, notBefore } from './embargo.js';

/**
 * The account's review rules, or compose's own word that an editor must look (an image whose only
 * "description" was a photo credit, under ALT_TEXT_POLICY=review).
 */
export function needsReview(policy: ReviewPolicy, draft: Draft, article: Article, routing: AccountRouting): boolean {
  return policy.needsReview(draft, article, routing) || (draft.warnings?.some((w) => w.holdForReview) ?? false);
}

/** What every new post record starts with: version 1, nothing sent, no attempt yet. */
function freshRecord(id: string, article: Article, target: ComposeTarget, at: string) {
  return {
    id,
    articleId: article.id,
    revision: article.revision,
    platform: target.platform,
    account: target.account,
    version: 1,
    priority: article.priority,
    createdAt: at,
    updatedAt: at,
    delivered: [],
    attempts: 0,
  };
}

/** The first post of an article for one account: held for review, or scheduled after the hold and any embargo. */
export function newPost(input: {
  article: Article;
  target: ComposeTarget & AccountRouting;
  attempt: ComposeAttempt;
  policy: ReviewPolicy;
  now: Date;
}): PostRecord {
  const { article, target, attempt, policy, now } = input;
  const at = now.toISOString();
  const embargoUntil = embargoOf(article, now);
  const base = {
    ...freshRecord(postIdFor(article.id, target.platform, target.account), article, target, at),
    kind: 'article' as const,
    ...(embargoUntil ? { embargoUntil } : {}),
  };
  if (!attempt.ok) return { ...base, state: 'failed', draft: emptyDraft(article, target), lastError: attempt.error };
  if (needsReview(policy, attempt.draft, article, target)) return { ...base, state: 'pending_review', draft: attempt.draft };
  return { ...base, state: 'scheduled', draft: attempt.draft, scheduledAt: notBefore(policy.scheduledAt(article, now, target), embargoUntil) };
}

/**
 * The correction note under one post that went out: its own post, replying to the last part that
 * went out (so it reads as the thread's next item), reviewed like the account's other posts.
 */
export function correctionPost(input: {
  composer: Composer;
  article: Article;
  text: string;
  original: PostRecord;
  routing: ComposeTarget & AccountRouting;
  policy: ReviewPolicy;
  now: Date;
}): PostRecord {
  const { composer, article, text, original, routing, policy, now } = input;
  const at = now.toISOString();
  const target = { platform: original.platform, account: original.account };
  const delivered = [...original.delivered].sort((a, b) => a.index - b.index);
  const base = { ...freshRecord(correctionIdFor(original.id, text), article, target, at), kind: 'correction' as const, correctionOf: original.id };
  let draft;
  try {
    draft = { ...composer.composeCorrection(article, text, target), replyTo: { root: delivered[0]!, parent: delivered.at(-1)! } };
  } catch (error) {
    return { ...base, state: 'failed', draft: emptyDraft(article, target), lastError: postErrorOf(error, now) };
  }
  if (needsReview(policy, draft, article, routing)) return { ...base, state: 'pending_review', draft };
  return { ...base, state: 'scheduled', draft, scheduledAt: policy.scheduledAt(article, now, routing) };
}
