import { createHash } from 'node:crypto';
import type { DeliveredPart } from '../domain/delivery.js';
import type { Draft } from '../domain/draft.js';
import type { PlatformId } from '../domain/platform.js';
import type { Priority } from '../domain/article.js';

/** Post states are a public contract (DESIGN.md, "Post states"). */
export const POST_STATES = [
  'pending_review',
  'scheduled',
  'publishing',
  'published',
  'rejected',
  'cancelled',
  'failed',
  'partially_published',
  'retracted',
] as const;

export type PostState = (typeof POST_STATES)[number];

export function isPostState(value: string): value is PostState {
  return (POST_STATES as readonly string[]).includes(value);
}

export interface PostError {
  /** The error's class name: callers decide by it, the message is for people. */
  kind: string;
  message: string;
  at: string;
}

/** One post (possibly a thread) of one article revision for one account. */
export interface PostRecord {
  id: string;
  articleId: string;
  revision: string;
  platform: PlatformId;
  account: string;
  state: PostState;
  /** Bumps on every change; editors send it back so that two of them cannot overwrite each other. */
  version: number;
  draft: Draft;
  priority: Priority;
  scheduledAt?: string;
  createdAt: string;
  updatedAt: string;
  /** Parts that went out, by index: shown to editors; the delivery ledger stays the source of truth. */
  delivered: DeliveredPart[];
  lastError?: PostError;
  attempts: number;
}

export interface Transition {
  /** `null` for the entry that created the post. */
  from: PostState | null;
  to: PostState;
  /** Who or what made the change: "editor:alice", "worker:host-123", "system:hold-window", "cms". */
  by: string;
  at: string;
  reason?: string;
}

/**
 * The same post for the same (article, revision, account) gets the same id, so that a repeated CMS
 * event cannot create a second post and the id can double as the BullMQ job id (which must not
 * contain ':'). JSON of the tuple keeps the encoding unambiguous whatever the parts contain.
 */
export function postIdFor(articleId: string, revision: string, platform: PlatformId, account: string): string {
  const digest = createHash('sha256').update(JSON.stringify([articleId, revision, platform, account])).digest('hex');
  return `p_${digest.slice(0, 24)}`;
}
