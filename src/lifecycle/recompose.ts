import type { ComposeTarget } from '../compose/composer.js';
import type { AccountRouting } from '../config.js';
import type { Article } from '../domain/article.js';
import type { ReviewPolicy } from '../pipeline/review-policy.js';
import type { PostRecord, PostState, Transition } from '../posts/post.js';
import type { Change, PostStore } from '../posts/post-store.js';
import type { ComposeAttempt } from './compose-attempt.js';
import { embargoOf, notBefore } from './embargo.js';
import { needsReview } from './new-post.js';

export const EDITED_REASON = 'article changed after your edit';

interface RecomposeInput {
  store: PostStore;
  post: PostRecord;
  article: Article;
  attempt: ComposeAttempt;
  policy: ReviewPolicy;
  target: ComposeTarget & AccountRouting;
  now: Date;
  by: string;
}

/**
 * Brings a post that has not gone out up to a new revision, in place (the history says so):
 * - waiting (pending review or scheduled): the new draft replaces the old one; an editor's edit is kept
 *   and the post goes back to review with EDITED_REASON; the embargo moves with the article;
 * - failed with nothing out: the draft is replaced so an editor's retry sends the current text, and a
 *   post that failed only because it could not be composed starts over;
 * - anything that went out, is going out, or was stopped by a person is left as it is.
 * Returns the changed record, or undefined when nothing changed.
 */
export async function recompose(input: RecomposeInput): Promise<PostRecord | undefined> {
  const { store, post } = input;
  let changed = false;
  const next = await store.change(
    post.id,
    (current, at) => {
      const result = change(current, at, input);
      changed = result !== null;
      return result;
    },
    { current: post },
  );
  return changed ? next : undefined;
}

function change(current: PostRecord, at: string, input: RecomposeInput): Change {
  const { article, attempt, policy, target, now, by } = input;
  if (current.revision === article.revision || current.delivered.length > 0) return null;
  const from = current.state;
  const revisionNote = `revision ${current.revision} → ${article.revision}`;
  const entry = (to: PostState, reason: string): Transition => ({ from, to, by, at, reason });

  if (from === 'pending_review' || from === 'scheduled') {
    if (!attempt.ok) {
      // Keep what was composed before: a template that breaks on the new revision must not blank a queued post.
      return {
        record: { ...current, lastError: attempt.error },
        entry: entry(from, `${revisionNote} could not be composed (${attempt.error.message}); kept the earlier text`),
      };
    }
    const embargoUntil = embargoOf(article, now);
    const timing = embargoUntil ? { embargoUntil } : {};
    const base: PostRecord = { ...current, revision: article.revision, priority: article.priority };
    delete base.embargoUntil;
    delete base.lastError;
    if (current.editedBy) {
      const record: PostRecord = { ...base, ...timing, state: 'pending_review' };
      delete record.scheduledAt;
      return { record, entry: entry('pending_review', `${EDITED_REASON} (${revisionNote})`) };
    }
    const drafted: PostRecord = { ...base, ...timing, draft: attempt.draft };
    if (from === 'pending_review') return { record: drafted, entry: entry(from, `recomposed: ${revisionNote}`) };
    if (needsReview(policy, attempt.draft, article, target)) {
      const record: PostRecord = { ...drafted, state: 'pending_review' };
      delete record.scheduledAt;
      return { record, entry: entry('pending_review', `recomposed: ${revisionNote}; the new revision needs review`) };
    }
    // The hold window runs from the first publication; only an embargo that moved moves the time.
    const scheduledAt =
      current.embargoUntil !== embargoUntil
        ? notBefore(policy.scheduledAt(article, now, target), embargoUntil)
        : notBefore(current.scheduledAt ?? at, embargoUntil);
    return { record: { ...drafted, scheduledAt }, entry: entry(from, `recomposed: ${revisionNote}`) };
  }

  if (from === 'failed') {
    if (!attempt.ok) return null;
    const record: PostRecord = { ...current, revision: article.revision, draft: attempt.draft };
    if (current.draft.parts.length > 0) return { record, entry: entry(from, `recomposed: ${revisionNote}`) };
    // It failed only because it could not be composed: now it can, so it starts over.
    delete record.lastError;
    const embargoUntil = embargoOf(article, now);
    if (embargoUntil) record.embargoUntil = embargoUntil;
    if (needsReview(policy, attempt.draft, article, target)) {
      return { record: { ...record, state: 'pending_review' }, entry: entry('pending_review', `composed: ${revisionNote}`) };
    }
    const scheduledAt = notBefore(policy.scheduledAt(article, now, target), embargoUntil);
    return { record: { ...record, state: 'scheduled', scheduledAt }, entry: entry('scheduled', `composed: ${revisionNote}`) };
  }
  return null;
}
