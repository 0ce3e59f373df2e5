import type { PostState } from '../../src/posts/post.js';

/** DESIGN.md's post states, written out independently of src/posts/transitions.ts so the two check each other. */
export const ALLOWED: [PostState, PostState][] = [
  ['pending_review', 'scheduled'],
  ['pending_review', 'rejected'],
  ['pending_review', 'cancelled'],
  ['pending_review', 'pending_review'],
  ['scheduled', 'publishing'],
  ['scheduled', 'cancelled'],
  ['scheduled', 'pending_review'],
  ['scheduled', 'scheduled'],
  ['scheduled', 'partially_published'],
  ['publishing', 'published'],
  ['publishing', 'failed'],
  ['publishing', 'partially_published'],
  ['publishing', 'scheduled'],
  ['failed', 'scheduled'],
  ['failed', 'pending_review'],
  ['partially_published', 'scheduled'],
  ['published', 'retracted'],
  ['partially_published', 'retracted'],
];
