import {
  AmbiguousOutcomeError,
  AuthError,
  ContentRejectedError,
  DeliveryError,
  RateLimitedError,
  TransientError,
} from '../../domain/errors/index.js';
import { networkErrorCode, requestNeverLeft } from '../http/network-errors.js';

/** Mastodon's default rate-limit window is 5 minutes; used when X-RateLimit-Reset is missing. */
const FALLBACK_RESET_MS = 5 * 60 * 1000;

/**
 * Maps an error answer ({error: "..."} in Mastodon's documented shape) to crier's classes.
 * Only the instance's own `error` text goes into the message, never request headers (the token).
 */
export function mapMastodonResponse(status: number, body: unknown, headers: Headers, partIndex?: number): DeliveryError {
  const detail = errorText(body);
  let mapped: DeliveryError;
  if (status === 401 || status === 403) {
    mapped = new AuthError(`Mastodon refused the token (${status}): ${detail}`);
  } else if (status === 429) {
    mapped = new RateLimitedError(`Mastodon rate limit reached (429): ${detail}`, resetAt(headers));
  } else if (status >= 500) {
    mapped = new TransientError(`Mastodon failed (${status}): ${detail}`);
  } else {
    mapped = new ContentRejectedError(`Mastodon rejected the request (${status}): ${detail}`);
  }
  mapped.status = status;
  return tag(mapped, partIndex);
}

export interface NetworkContext {
  /** The request creates something: a lost answer then means "maybe created". */
  mutating: boolean;
  /** Our own AbortSignal.timeout fired. */
  timedOut: boolean;
  partIndex?: number;
}

/** Maps a fetch failure (no HTTP answer) to crier's classes. */
export function mapMastodonNetworkError(error: unknown, context: NetworkContext): DeliveryError {
  if (error instanceof DeliveryError) return error;
  const code = networkErrorCode(error);
  if (requestNeverLeft(error)) {
    return tag(new TransientError(`Mastodon: could not connect (${code})`), context.partIndex);
  }
  const what = context.timedOut ? 'timed out' : (code ?? 'connection lost');
  // Statuses are sent with an Idempotency-Key, so the caller may retry an ambiguous post safely:
  // the instance answers the retry with the status it already created.
  const mapped = context.mutating
    ? new AmbiguousOutcomeError(`Mastodon: no answer (${what}); the request may have gone through`)
    : new TransientError(`Mastodon: no answer (${what})`);
  return tag(mapped, context.partIndex);
}

/** X-RateLimit-Reset is an ISO 8601 timestamp (with microseconds). */
export function resetAt(headers: Headers, now = Date.now()): Date {
  const raw = headers.get('x-ratelimit-reset');
  const parsed = raw ? Date.parse(raw) : Number.NaN;
  return new Date(Number.isNaN(parsed) ? now + FALLBACK_RESET_MS : parsed);
}

function tag(error: DeliveryError, partIndex: number | undefined): DeliveryError {
  error.platform = 'mastodon';
  if (partIndex !== undefined) error.partIndex = partIndex;
  return error;
}

function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
    const description = 'error_description' in body && typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    return body.error + description;
  }
  return 'no detail';
}
