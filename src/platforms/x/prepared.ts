import type { JsonObject } from '../../domain/delivery.js';

/** What the X adapter writes to the ledger before a part's first attempt. */
export interface XPrepared {
  /** The text sent; reconciliation looks for it. */
  text?: string;
  /** First attempt time: set only once a tweet request may have been sent. */
  attemptedAt?: string;
  /** Uploaded image (part 0), so a retry attaches it instead of uploading again. */
  mediaId?: string;
}

export function readXPrepared(data: JsonObject | undefined): XPrepared {
  if (!data) return {};
  const prepared: XPrepared = {};
  if (typeof data.text === 'string') prepared.text = data.text;
  if (typeof data.attemptedAt === 'string') prepared.attemptedAt = data.attemptedAt;
  if (typeof data.mediaId === 'string') prepared.mediaId = data.mediaId;
  return prepared;
}

export function writeXPrepared(prepared: XPrepared): JsonObject {
  const data: JsonObject = {};
  if (prepared.text !== undefined) data.text = prepared.text;
  if (prepared.attemptedAt !== undefined) data.attemptedAt = prepared.attemptedAt;
  if (prepared.mediaId !== undefined) data.mediaId = prepared.mediaId;
  return data;
}
