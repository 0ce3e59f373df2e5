import { XRPCError } from '@atproto/api';
import {
  AmbiguousOutcomeError,
  AuthError,
  ContentRejectedError,
  DeliveryError,
  RateLimitedError,
  TransientError,
} from '../../domain/errors/index.js';
import { networkErrorCode, requestNeverLeft } from '../http/network-errors.js';

export interface ErrorContext {
  /** What was being done, for the message: `putRecord part 2`, `login`. */
  action: string;
  /** Whether the request changes the repo: a write cut off mid-way may have gone through. */
  write: boolean;
  partIndex?: number;
  /** Strings that must never appear in a message (the app password). */
  secrets?: readonly string[];
  now?: () => Date;
}

const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Error names the PDS uses for credentials it will not accept, whatever the HTTP status. */
const AUTH_ERROR_NAMES = new Set([
  'AuthenticationRequired',
  'ExpiredToken',
  'InvalidToken',
  'AccountTakedown',
  'AccountDeactivated',
  'AuthFactorTokenRequired',
]);

function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret) out = out.split(secret).join('***');
  }
  return out;
}

/** The network code, or the name of an abort/timeout, for messages and for spotting a network failure. */
function networkCode(error: unknown): string | undefined {
  const code = networkErrorCode(error);
  if (code !== undefined) return code;
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current instanceof Error; depth++) {
    if (current.name === 'AbortError' || current.name === 'TimeoutError') return current.name;
    current = current.cause;
  }
  return undefined;
}

function resetAtFrom(headers: Record<string, string | undefined> | undefined, now: Date): Date {
  const raw = headers?.['ratelimit-reset'] ?? headers?.['RateLimit-Reset'];
  const seconds = raw === undefined ? NaN : Number(raw);
  if (Number.isFinite(seconds) && seconds > 0) return new Date(seconds * 1000);
  return new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
}

function withContext<E extends DeliveryError>(error: E, ctx: ErrorContext, status?: number): E {
  error.platform = 'bluesky';
  if (ctx.partIndex !== undefined) error.partIndex = ctx.partIndex;
  if (status !== undefined) error.status = status;
  return error;
}

function fromNetwork(cause: unknown, ctx: ErrorContext, detail: string): DeliveryError {
  const code = networkCode(cause);
  const message = `Bluesky ${ctx.action}: ${detail}${code ? ` (${code})` : ''}`;
  if (requestNeverLeft(cause) || !ctx.write) {
    return withContext(new TransientError(message), ctx);
  }
  // The request may have reached the PDS; for putRecord a retry with the same record is a no-op.
  return withContext(new AmbiguousOutcomeError(message), ctx);
}

function fromXrpc(error: XRPCError, ctx: ErrorContext, secrets: readonly string[]): DeliveryError {
  const status = error.status as number;
  const detail = redact(`${error.error}: ${error.message}`, secrets);
  const message = `Bluesky ${ctx.action}: ${status} ${detail}`;
  // The original error stays off `cause` on purpose: it may carry headers and bodies we did not vet.
  if (status === 1) return fromNetwork(error.cause, ctx, detail);
  if (status === 2) {
    // The PDS answered, but not in the shape the lexicon says: it did receive the request.
    return ctx.write
      ? withContext(new AmbiguousOutcomeError(message), ctx, status)
      : withContext(new TransientError(message), ctx, status);
  }
  if (status === 429) {
    const now = ctx.now ? ctx.now() : new Date();
    return withContext(new RateLimitedError(message, resetAtFrom(error.headers, now)), ctx, status);
  }
  if (status === 401 || status === 403 || AUTH_ERROR_NAMES.has(error.error)) {
    return withContext(new AuthError(message), ctx, status);
  }
  if (status >= 500) return withContext(new TransientError(message), ctx, status);
  return withContext(new ContentRejectedError(message), ctx, status);
}

/**
 * Translates whatever the atproto client threw into crier's classes, the only errors that leave
 * the adapter. Messages never contain the secrets in `ctx.secrets`.
 */
export function toDeliveryError(error: unknown, ctx: ErrorContext): DeliveryError {
  const secrets = ctx.secrets ?? [];
  if (error instanceof DeliveryError) {
    if (ctx.partIndex !== undefined && error.partIndex === undefined) error.partIndex = ctx.partIndex;
    return error;
  }
  if (error instanceof XRPCError) return fromXrpc(error, ctx, secrets);
  if (error instanceof Error && networkCode(error) !== undefined) {
    return fromNetwork(error, ctx, redact(error.message, secrets));
  }
  const detail = redact(error instanceof Error ? error.message : String(error), secrets);
  return withContext(new DeliveryError(`Bluesky ${ctx.action}: ${detail}`), ctx);
}

/** True for the errors after which a fresh login may help (the library's own refresh already failed). */
export function isSessionRejected(error: unknown): boolean {
  if (!(error instanceof XRPCError)) return false;
  return (error.status as number) === 401 || error.error === 'ExpiredToken' || error.error === 'InvalidToken';
}
