import type { DeliveryError } from '../../domain/errors/index.js';
import { parseRetryAfter } from '../http/retry-after.js';
import { errorForStatus } from '../http/status-errors.js';

/** Mastodon's default rate-limit window is 5 minutes; used when the answer says nothing of when to return. */
const FALLBACK_RESET_MS = 5 * 60 * 1000;

/**
 * Maps an error answer ({error: "..."} in Mastodon's documented shape) by the usual meaning of its
 * status, with Mastodon's own rate-limit headers for a 429. Only the instance's own `error` text
 * goes into the message, never request headers (the token).
 */
export function mapMastodonResponse(status: number, body: unknown, headers: Headers, partIndex: number): DeliveryError {
  const detail = `Mastodon answered ${status}: ${errorText(body)}`;
  return errorForStatus(status, detail, { platform: 'mastodon', partIndex, resetAt: resetAt(headers) });
}

/**
 * When to come back after a 429. Retry-After wins when present: Mastodon itself sends only
 * X-RateLimit-Reset (ISO 8601 with microseconds), but a proxy or CDN in front of the instance
 * that limits on its own says Retry-After, and its wait is the one that applies to this request.
 */
export function resetAt(headers: Headers, now = Date.now()): Date {
  const retryAfter = parseRetryAfter(headers.get('retry-after'), new Date(now));
  if (retryAfter) return retryAfter;
  const raw = headers.get('x-ratelimit-reset');
  const parsed = raw ? Date.parse(raw) : Number.NaN;
  return new Date(Number.isNaN(parsed) ? now + FALLBACK_RESET_MS : parsed);
}

function errorText(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'string') {
    const description = 'error_description' in body && typeof body.error_description === 'string' ? `: ${body.error_description}` : '';
    return body.error + description;
  }
  return 'no detail';
}
