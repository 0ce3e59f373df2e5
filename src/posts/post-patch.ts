import type { DeliveredPart } from '../domain/delivery.js';
import { InvalidPostPatchError } from '../domain/errors/index.js';
import type { PostError, PostRecord } from './post.js';

/** Fields a transition may change besides the state. `null` clears an optional field. */
export interface PostPatch {
  scheduledAt?: string | null;
  delivered?: DeliveredPart[];
  lastError?: PostError | null;
  attempts?: number;
  warnings?: string[];
}

export function applyPatch(record: PostRecord, patch: PostPatch | undefined): PostRecord {
  if (!patch) return record;
  const next: PostRecord = { ...record };
  if (patch.scheduledAt === null) delete next.scheduledAt;
  else if (patch.scheduledAt !== undefined) next.scheduledAt = normaliseIso('scheduledAt', patch.scheduledAt);
  if (patch.lastError === null) delete next.lastError;
  else if (patch.lastError !== undefined) {
    next.lastError = { ...patch.lastError, at: normaliseIso('lastError.at', patch.lastError.at) };
  }
  if (patch.delivered !== undefined) next.delivered = sortedByIndex(patch.delivered);
  if (patch.warnings !== undefined) next.warnings = [...new Set(patch.warnings)];
  if (patch.attempts !== undefined) {
    if (!Number.isInteger(patch.attempts) || patch.attempts < 0) {
      throw new InvalidPostPatchError('attempts', `must be a whole number ≥ 0, got ${patch.attempts}`);
    }
    next.attempts = patch.attempts;
  }
  return next;
}

/** Delivered parts, one per index (the later wins), in thread order. */
export function sortedByIndex(parts: readonly DeliveredPart[]): DeliveredPart[] {
  const byIndex = new Map<number, DeliveredPart>();
  for (const part of parts) byIndex.set(part.index, part);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Stored dates are always full ISO strings in UTC, whatever offset the caller used, so they sort and compare as text. */
export function normaliseIso(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new InvalidPostPatchError(field, `not a date: ${JSON.stringify(value)}`);
  return new Date(ms).toISOString();
}
