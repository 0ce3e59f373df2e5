import type { JsonObject } from '../../domain/delivery.js';
import type { LinkCard, MediaRef } from '../../domain/draft.js';
import type { PlatformId } from '../../domain/platform.js';

/**
 * One line of `<OUTBOX_DIR>/<platform>.jsonl`. The files are the outbox's record (the `.txt` previews
 * are derived from them for people), so their shape is what staging checks and archives read.
 */
export interface OutboxPartLine {
  type: 'part';
  /** The part's outbox reference: its remote id on the post record. */
  id: string;
  at: string;
  platform: PlatformId;
  account: string;
  article: string;
  /** Index of the part in its post, from 0. */
  part: number;
  parts: number;
  /** Reference of the post's first part: every part of one thread shares it. */
  thread: string;
  /** Reference of the part this one replies to (the previous part, or the post a correction answers). */
  replyTo?: string;
  text: string;
  length: number;
  limit: number;
  language?: string;
  /** On the first part, as the platform would attach them. */
  media?: MediaRef[];
  link?: LinkCard;
}

export interface OutboxRetractionLine {
  type: 'retraction';
  /** Reference of the retracted part. */
  id: string;
  at: string;
  platform: PlatformId;
  account: string;
  part: number;
}

export type OutboxLine = OutboxPartLine | OutboxRetractionLine;

/** A line read back, or undefined for one that is not an outbox line (a line cut short by a full disk). */
export function parseOutboxLine(text: string): OutboxLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const line = value as JsonObject;
  if ((line.type !== 'part' && line.type !== 'retraction') || typeof line.id !== 'string') return undefined;
  return value as OutboxLine;
}
