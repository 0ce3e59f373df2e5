import { AuthError, ContentRejectedError, RateLimitedError, type DeliveryError } from '../../domain/errors/index.js';
import { defaultResetAt, parseRetryAfter } from '../http/retry-after.js';
import { parseJson, type HttpResponse } from '../http/send-request.js';
import { errorForStatus, tag } from '../http/status-errors.js';

/** The Client-Server API's error body: `{errcode: "M_…", error: "…"}`, and `retry_after_ms` with M_LIMIT_EXCEEDED. */
interface MatrixErrorBody {
  errcode?: unknown;
  error?: unknown;
  retry_after_ms?: unknown;
}

/** Codes that mean the token or the homeserver URL is wrong: only a configuration change fixes them. */
const AUTH_CODES = new Set(['M_UNKNOWN_TOKEN', 'M_MISSING_TOKEN', 'M_USER_DEACTIVATED', 'M_UNRECOGNIZED']);
/** Codes that mean the account may not act in the room (not joined, banned, too low a power level). */
const FORBIDDEN_CODES = new Set(['M_FORBIDDEN', 'M_GUEST_ACCESS_FORBIDDEN']);

/**
 * A homeserver's error answer as crier's classes. The rate limit's wait comes from
 * `retry_after_ms` (the spec's field) or Retry-After (added in v1.10). A 403 is an AuthError, not a
 * content refusal: it means the account is not in the room or may not post there, which editing the
 * text cannot fix. The homeserver's own `error` text is quoted with the token cut out, in case a
 * server echoes it.
 */
export function matrixError(response: HttpResponse, what: string, partIndex: number, accessToken: string): DeliveryError {
  const { status } = response;
  const body = parseJson(response.text) as MatrixErrorBody | undefined;
  const errcode = typeof body?.errcode === 'string' ? body.errcode : undefined;
  const said = typeof body?.error === 'string' ? body.error.replaceAll(accessToken, '<token>').slice(0, 300) : undefined;
  const detail = `matrix ${what} failed: ${status}${errcode ? ` ${errcode}` : ''}${said ? ` ${said}` : ''}`;
  const context = { platform: 'matrix', partIndex, status };
  if (status === 429 || errcode === 'M_LIMIT_EXCEEDED') {
    const now = new Date();
    const wait = body?.retry_after_ms;
    const resetAt =
      (typeof wait === 'number' && wait >= 0 ? new Date(now.getTime() + Math.ceil(wait)) : undefined) ??
      parseRetryAfter(response.headers.get('retry-after'), now) ??
      defaultResetAt(now);
    return tag(new RateLimitedError(detail, resetAt), context);
  }
  if (status === 401 || (errcode !== undefined && AUTH_CODES.has(errcode))) return tag(new AuthError(detail), context);
  if (status === 403 || (errcode !== undefined && FORBIDDEN_CODES.has(errcode))) return tag(new AuthError(detail), context);
  // A 404 without a Matrix body is a homeserver URL that has no Client-Server API behind it.
  if (status === 404 && errcode === undefined) return tag(new AuthError(detail), context);
  if (status >= 500) return errorForStatus(status, detail, context);
  return tag(new ContentRejectedError(detail), context);
}
