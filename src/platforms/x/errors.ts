import type { IncomingHttpHeaders } from 'node:http';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import {
  AmbiguousOutcomeError,
  AuthError,
  ContentRejectedError,
  DeliveryError,
  DuplicatePostError,
  RateLimitedError,
  TransientError,
} from '../../domain/errors/index.js';
import { networkErrorCode, requestNeverLeft } from '../http/network-errors.js';

export interface XErrorContext {
  /** True when the request creates something (a tweet): a lost answer then means "maybe posted". */
  mutating: boolean;
  partIndex?: number;
}

const DUPLICATE_DETAIL = /duplicate content/i;
/** 403s that are about the app or token (tier, permissions, suspension), not about this post. */
const AUTH_403_TYPE = /client-forbidden|oauth1-permissions|unsupported-authentication/i;
const AUTH_403_DETAIL = /oauth|app permissions|access level|subset of .*endpoints|suspended|locked|not enrolled/i;
const AUTH_V1_CODES = new Set([32, 64, 89, 99, 135, 215, 220, 261, 326, 453]);

/** When the platform gives no reset time, wait one standard X rate-limit window. */
const FALLBACK_RESET_MS = 15 * 60 * 1000;

/**
 * Translates twitter-api-v2 errors into crier's classes. The library's errors carry the signed
 * request (Authorization header with the OAuth signature and token), so they are never attached as
 * `cause` and nothing from the request is copied into messages: only X's own status and detail.
 */
export function mapXError(error: unknown, context: XErrorContext): DeliveryError {
  const mapped = classify(error, context);
  mapped.platform = 'x';
  if (context.partIndex !== undefined) mapped.partIndex = context.partIndex;
  return mapped;
}

function classify(error: unknown, context: XErrorContext): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof ApiResponseError) return fromResponse(error);
  if (error instanceof ApiPartialResponseError) {
    // X answered but the body was cut off: the tweet may well exist.
    return context.mutating
      ? new AmbiguousOutcomeError('X: the answer was interrupted; the request may have gone through')
      : new TransientError('X: the answer was interrupted');
  }
  if (error instanceof ApiRequestError) {
    const cause = networkCause(error);
    const code = networkErrorCode(cause);
    if (requestNeverLeft(cause)) {
      return new TransientError(`X: could not connect (${code})`);
    }
    const what = code ?? safeMessage(cause);
    // Timeouts and resets after the request was written: X may have created the tweet.
    return context.mutating
      ? new AmbiguousOutcomeError(`X: no answer (${what}); the request may have gone through`)
      : new TransientError(`X: no answer (${what})`);
  }
  return new TransientError(`X: unexpected failure (${safeMessage(error)})`);
}

/**
 * True when X certainly did not act on the request: it answered with a 4xx other than "duplicate",
 * or the connection was never made. A 5xx is not proof (a gateway may time out after the backend
 * posted), nor is a lost answer.
 */
export function xRefusedForSure(error: unknown): boolean {
  if (error instanceof ApiResponseError) return error.code < 500 && !isDuplicate(error);
  if (error instanceof ApiRequestError) return requestNeverLeft(networkCause(error));
  return false;
}

function fromResponse(error: ApiResponseError): DeliveryError {
  const status = error.code;
  const detail = describe(error);
  let mapped: DeliveryError;
  if (status === 401) {
    mapped = new AuthError(`X refused the credentials (401): ${detail}`);
  } else if (status === 429) {
    mapped = new RateLimitedError(`X rate limit reached (429): ${detail}`, resetAt(error.headers));
  } else if (status === 403 && isDuplicate(error)) {
    mapped = new DuplicatePostError(`X says the post is a duplicate (403): ${detail}`);
  } else if (status === 403 && isAuthProblem(error)) {
    mapped = new AuthError(`X refused the app or token (403): ${detail}`);
  } else if (status >= 500) {
    mapped = new TransientError(`X failed (${status}): ${detail}`);
  } else {
    mapped = new ContentRejectedError(`X rejected the request (${status}): ${detail}`);
  }
  mapped.status = status;
  return mapped;
}

function isDuplicate(error: ApiResponseError): boolean {
  if (DUPLICATE_DETAIL.test(error.data.detail ?? '')) return true;
  return (error.errors ?? []).some((e) => ('code' in e && e.code === 187) || DUPLICATE_DETAIL.test(messageOf(e)));
}

function isAuthProblem(error: ApiResponseError): boolean {
  const data = error.data;
  if (AUTH_403_TYPE.test(data.type ?? '') || AUTH_403_DETAIL.test(data.detail ?? '')) return true;
  return (error.errors ?? []).some(
    (e) => ('code' in e && AUTH_V1_CODES.has(e.code)) || AUTH_403_DETAIL.test(messageOf(e)),
  );
}

/** X's human-readable reason, from the problem document or the `errors` array. */
function describe(error: ApiResponseError): string {
  const data = error.data;
  const parts: string[] = [];
  if (data.detail) parts.push(data.detail);
  else if (data.title) parts.push(data.title);
  for (const e of error.errors ?? []) {
    const message = messageOf(e);
    if (message && !parts.includes(message)) parts.push(message);
  }
  return parts.length ? parts.join('; ') : 'no detail';
}

/**
 * The reset that matters is the limit that ran out: the 15-minute endpoint window, or the 24-hour
 * user/app post caps, which X reports in their own headers and which reset much later.
 */
export function resetAt(headers: IncomingHttpHeaders, now = Date.now()): Date {
  const candidates: number[] = [];
  const windowReset = epochHeader(headers, 'x-rate-limit-reset');
  const userDayExhausted = header(headers, 'x-user-limit-24hour-remaining') === '0';
  const appDayExhausted = header(headers, 'x-app-limit-24hour-remaining') === '0';
  if (userDayExhausted) pushIfSet(candidates, epochHeader(headers, 'x-user-limit-24hour-reset'));
  if (appDayExhausted) pushIfSet(candidates, epochHeader(headers, 'x-app-limit-24hour-reset'));
  if (candidates.length === 0) pushIfSet(candidates, windowReset);
  if (candidates.length === 0) return new Date(now + FALLBACK_RESET_MS);
  return new Date(Math.max(...candidates));
}

function pushIfSet(list: number[], value: number | undefined): void {
  if (value !== undefined) list.push(value);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function epochHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const raw = header(headers, name);
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return undefined;
  return Number(raw.trim()) * 1000;
}

/**
 * twitter-api-v2 1.29 builds ApiRequestError with `{ error }` but its `requestError` getter reads
 * `requestError`, so the getter is always undefined; the socket error sits in `_options.error`.
 */
function networkCause(error: ApiRequestError): unknown {
  if (error.requestError !== undefined) return error.requestError;
  const options: unknown = Reflect.get(error, '_options');
  return typeof options === 'object' && options !== null ? Reflect.get(options, 'error') : undefined;
}

function messageOf(entry: object): string {
  return 'message' in entry && typeof entry.message === 'string' ? entry.message : '';
}

function safeMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
