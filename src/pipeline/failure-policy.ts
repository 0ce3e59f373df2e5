import {
  AmbiguousOutcomeError,
  DrainingError,
  RateLimitedError,
  TransientError,
  UnconfirmedPartError,
} from '../domain/errors/index.js';

export type FailureAction =
  | { kind: 'drain' }
  | { kind: 'rate-limited'; resetAt: Date }
  | { kind: 'retry' }
  | { kind: 'fail' };

/**
 * Retry is decided by class alone (DESIGN.md). Ambiguous outcomes are retried because every adapter
 * reconciles before resending (Bluesky putRecord, Mastodon Idempotency-Key, X timeline lookup) or
 * refuses to resend; anything unknown is permanent, so a bug cannot cause a post storm.
 */
export function failureAction(error: unknown): FailureAction {
  if (error instanceof DrainingError) return { kind: 'drain' };
  if (error instanceof RateLimitedError) return { kind: 'rate-limited', resetAt: error.resetAt };
  if (error instanceof UnconfirmedPartError) return { kind: 'fail' };
  if (error instanceof TransientError || error instanceof AmbiguousOutcomeError) return { kind: 'retry' };
  return { kind: 'fail' };
}
