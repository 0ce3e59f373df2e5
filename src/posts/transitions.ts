import { InvalidTransitionError } from '../domain/errors/index.js';
import type { PostState } from './post.js';

/**
 * Where each state may go. `publishing → scheduled` is how a retryable error or a rate limit hands
 * the post back to wait (with a new scheduledAt): while it waits an editor can still see, hold or
 * cancel it, and "publishing" keeps meaning "a worker is sending it right now".
 * `scheduled → partially_published` stops a thread that waits for its retry when its article is
 * withdrawn (what went out is then retracted); `failed → pending_review` brings back a post whose
 * template failed once a new revision composes. `pending_review → pending_review` gives a post in
 * review a time (it goes then, once approved) without approving it.
 */
export const TRANSITIONS: Readonly<Record<PostState, readonly PostState[]>> = {
  pending_review: ['scheduled', 'rejected', 'cancelled', 'pending_review'],
  scheduled: ['publishing', 'cancelled', 'pending_review', 'scheduled', 'partially_published'],
  publishing: ['published', 'failed', 'partially_published', 'scheduled'],
  published: ['retracted'],
  failed: ['scheduled', 'pending_review'],
  partially_published: ['scheduled', 'retracted'],
  rejected: [],
  cancelled: [],
  retracted: [],
};

export function canTransition(from: PostState, to: PostState): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: PostState, to: PostState): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to);
}
