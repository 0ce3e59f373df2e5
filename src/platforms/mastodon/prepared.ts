import type { JsonObject } from '../../domain/delivery.js';

/** What the Mastodon adapter writes to the ledger before a part's first attempt. */
export interface MastodonPrepared {
  /** Sent as Idempotency-Key on every attempt of the part: the instance answers a repeat with the same status. */
  idempotencyKey?: string;
  /** The processed image (part 0), attached again on a retry instead of uploading again. */
  mediaId?: string;
  /** First attempt time; Mastodon keeps idempotency keys for about an hour. */
  attemptedAt?: string;
}

export function readMastodonPrepared(data: JsonObject | undefined): MastodonPrepared {
  if (!data) return {};
  const prepared: MastodonPrepared = {};
  if (typeof data.idempotencyKey === 'string') prepared.idempotencyKey = data.idempotencyKey;
  if (typeof data.mediaId === 'string') prepared.mediaId = data.mediaId;
  if (typeof data.attemptedAt === 'string') prepared.attemptedAt = data.attemptedAt;
  return prepared;
}

export function writeMastodonPrepared(prepared: MastodonPrepared): JsonObject {
  const data: JsonObject = {};
  if (prepared.idempotencyKey !== undefined) data.idempotencyKey = prepared.idempotencyKey;
  if (prepared.mediaId !== undefined) data.mediaId = prepared.mediaId;
  if (prepared.attemptedAt !== undefined) data.attemptedAt = prepared.attemptedAt;
  return data;
}
