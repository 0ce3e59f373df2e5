import {
  AuthError,
  ContentRejectedError,
  RateLimitedError,
  TransientError,
  type DeliveryError,
} from '../../domain/errors/index.js';
import { defaultResetAt } from './retry-after.js';

export interface ErrorContext {
  platform: string;
  partIndex?: number;
  status?: number;
}

/** Stamps the platform, part and status onto a DeliveryError; returns it so callers can `throw tag(...)`. */
export function tag<E extends DeliveryError>(err: E, context: ErrorContext): E {
  err.platform = context.platform;
  if (context.partIndex !== undefined) err.partIndex = context.partIndex;
  if (context.status !== undefined) err.status = context.status;
  return err;
}

/**
 * The usual meaning of an HTTP error status for a posting API. Adapters call it for whatever their
 * platform does not say more precisely. `detail` must already be free of secrets.
 */
export function errorForStatus(
  status: number,
  detail: string,
  context: ErrorContext & { resetAt?: Date },
): DeliveryError {
  const ctx = { ...context, status };
  if (status === 429) return tag(new RateLimitedError(detail, context.resetAt ?? defaultResetAt()), ctx);
  if (status === 401 || status === 403) return tag(new AuthError(detail), ctx);
  if (status >= 500) return tag(new TransientError(detail), ctx);
  return tag(new ContentRejectedError(detail), ctx);
}
