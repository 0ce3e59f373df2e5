import type { FastifyReply } from 'fastify';
import { RedisUnavailableError } from '../domain/errors/index.js';

/** Redis is down: tell the caller when to come back, so a CMS retries and nothing is lost. */
export function replyUnavailable(reply: FastifyReply, retryAfterSeconds = 5): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', String(retryAfterSeconds))
    .send({ error: 'unavailable', message: 'storage is unavailable; retry later' });
}

/**
 * ioredis rejects commands with plain Errors when the connection is gone or going: for a few
 * milliseconds after the server dies the client still says "ready" while the socket refuses
 * writes. These messages (and Redis's own "not now" replies) mean "come back later", not a bug.
 */
const UNAVAILABLE_MESSAGES = [
  /^Stream isn't writeable/,
  /^Connection is closed\.$/,
  /^Reached the max retries per request limit/,
  /^connect ETIMEDOUT$/,
  /^Socket timeout\./,
  /^(LOADING|MASTERDOWN|READONLY|CLUSTERDOWN|TRYAGAIN)\b/,
];

const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True for an error that says storage cannot be reached right now (the caller should answer 503). */
export function isStorageUnavailable(error: unknown): boolean {
  if (error instanceof RedisUnavailableError) return true;
  if (!(error instanceof Error)) return false;
  if (error.name === 'MaxRetriesPerRequestError') return true;
  const code: unknown = Reflect.get(error, 'code');
  if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(error.message));
}

/** The parts of an ioredis client readiness looks at. */
export interface RedisClientState {
  status: string;
  stream?: { writable: boolean } | null;
}

/**
 * Whether the client can take a command now. ioredis keeps saying "ready" until it notices the
 * socket closed; a socket that no longer accepts writes already means the next command fails.
 */
export function redisAcceptsCommands(redis: RedisClientState): boolean {
  return redis.status === 'ready' && redis.stream?.writable === true;
}
