import type { FastifyReply } from 'fastify';

/** Redis is down: tell the caller when to come back, so a CMS retries and nothing is lost. */
export function replyUnavailable(reply: FastifyReply, retryAfterSeconds = 5): FastifyReply {
  return reply
    .code(503)
    .header('retry-after', String(retryAfterSeconds))
    .send({ error: 'unavailable', message: 'storage is unavailable; retry later' });
}
