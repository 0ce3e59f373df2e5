import { PLATFORM_LIST } from '../platforms/descriptors.js';
import type { PostRecord, PostState } from '../posts/post.js';

/** What a state means to an editor, in words. */
export const STATE_LABELS: Record<PostState, string> = {
  pending_review: 'Needs review',
  scheduled: 'Scheduled',
  publishing: 'Publishing',
  published: 'Published',
  rejected: 'Rejected',
  cancelled: 'Cancelled',
  failed: 'Failed',
  partially_published: 'Partly published',
  retracted: 'Retracted',
};

/** Each platform's name from its descriptor, so a new platform is named without an edit here. */
export const PLATFORM_LABELS: Record<string, string> = Object.fromEntries(PLATFORM_LIST.map((p) => [p.id, p.name]));

// The pipeline records the error's class name; an editor needs to know what to do about it.
const ERROR_WORDS: Record<string, string> = {
  AuthError: 'the platform refused the account’s credentials: check them, then retry',
  ContentRejectedError: 'the platform refused the text or media: edit it, then retry',
  DuplicatePostError: 'the platform says this was already posted',
  RateLimitedError: 'the platform’s rate limit was hit',
  TransientError: 'the platform did not answer or had an outage; retries ran out',
  AmbiguousOutcomeError: 'the platform may have taken the post but did not confirm it: check the account before retrying',
  UnconfirmedPartError: 'a part may have gone out unconfirmed: check the account before retrying',
  UnsafeUrlError: 'a link or image points somewhere crier may not fetch',
};

/** Why a post stopped, in words, with the platform's own message after it. */
export function reasonInWords(post: PostRecord): string | undefined {
  const error = post.lastError;
  if (!error) return undefined;
  const words = ERROR_WORDS[error.kind];
  return words ? `${words} (${error.message})` : error.message;
}

/** "thread of 4 parts", or how much of a partial thread went out. */
export function describeParts(post: PostRecord): string {
  const total = post.draft.parts.length;
  if (post.state === 'partially_published') return `${post.delivered.length} of ${total} parts went out`;
  return total === 1 ? '1 part' : `thread of ${total} parts`;
}
