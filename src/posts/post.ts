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

/**
 * Where a post stands in taking back what went out (the article was unpublished or deleted, or an
 * editor asked): `needed` waits for an editor (UNPUBLISH_POLICY=review), `pending` is queued for the
 * workers, `failed` and `unsupported` are for an editor to see (the platform refused, or cannot delete).
 * Once every delivered part is deleted the post's state becomes `retracted`.
 */
export interface RetractionStatus {
  status: 'needed' | 'pending' | 'failed' | 'unsupported';
  reason: string;
  requestedBy: string;
  requestedAt: string;
  /** Why the last attempt stopped, for `failed` and `unsupported`. */
  error?: string;
}

/** A post made of the article itself, or a correction note posted under one that went out. */
export type PostKind = 'article' | 'correction';

/** One post (possibly a thread) of one article for one account, for the article's whole life. */
export interface PostRecord {
  id: string;
  articleId: string;
  /** The article revision the draft was composed from (recomposed in place while the post waits). */
  revision: string;
  /** Absent on records made before corrections existed: they are article posts. */
  kind?: PostKind;
  /** For a correction: the id of the post it replies to. */
  correctionOf?: string;
  /** The article's publishedAt when it is in the future: nothing goes out before it. */
  embargoUntil?: string;
  /** Set when an editor changed the texts; a new revision then keeps the edit and asks for review. */
  editedBy?: string;
  retraction?: RetractionStatus;
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
  /** What an editor should know about a post that went out anyway (an image left out, and why). */
  warnings?: string[];
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

function idOf(tuple: readonly string[]): string {
  return `p_${createHash('sha256').update(JSON.stringify(tuple)).digest('hex').slice(0, 24)}`;
}

/**
 * One post per (article, account) for the article's whole life: every revision of the article maps
 * to the same id, so a CMS that saves twenty times cannot make a second post, and the id doubles as
 * the BullMQ job id (which must not contain ':'). JSON of the tuple keeps the encoding unambiguous.
 * Records made before the lifecycle existed were keyed by (article, revision, account); the
 * lifecycle finds them through the article's index, so they are still the article's posts.
 */
export function postIdFor(articleId: string, platform: PlatformId, account: string): string {
  return idOf([articleId, platform, account]);
}

/** A correction is identified by its text, so the same correction sent twice posts once. */
export function correctionIdFor(originalPostId: string, correction: string): string {
  return idOf(['correction', originalPostId, correction.normalize('NFC').trim().replace(/\s+/g, ' ')]);
}

/** Post ids are `p_` and 24 hex digits; checked before any Redis access so an id cannot name another key. */
export function isPostId(value: string): boolean {
  return /^p_[0-9a-f]{24}$/.test(value);
}
