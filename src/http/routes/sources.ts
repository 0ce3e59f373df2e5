import type { FastifyInstance } from 'fastify';
import { SourcePayloadError, SourceSignatureError } from '../../domain/errors/index.js';
import { feedHealth } from '../../sources/feeds/feed-health.js';
import { mapGhostPayload } from '../../sources/ghost/ghost-payload.js';
import { verifyGhostSignature } from '../../sources/ghost/ghost-signature.js';
import type { AppDeps } from '../app-deps.js';
import { editorAuth } from '../editor-auth.js';
import { replyUnavailable } from '../unavailable.js';

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * `POST /v1/sources/ghost` (Ghost's webhooks) and `GET /v1/feeds` (feed health). The Ghost route
 * answers 202 as soon as the event is queued: Ghost waits 2 s at most. It never answers 410, the
 * one status on which Ghost disables a webhook for good.
 */
export function sourceRoutes(app: FastifyInstance, deps: AppDeps): void {
  const sources = deps.sources;

  app.post('/v1/sources/ghost', async (request, reply) => {
    const secret = sources?.ghost.secret;
    if (!sources || !secret) {
      return reply.code(401).send({ error: 'unauthorized', message: 'Ghost intake disabled: GHOST_WEBHOOK_SECRET is not set' });
    }
    const raw = typeof request.body === 'string' ? request.body : '';
    try {
      verifyGhostSignature(raw, headerValue(request.headers['x-ghost-signature']), secret);
    } catch (error) {
      if (error instanceof SourceSignatureError) return reply.code(401).send({ error: 'unauthorized', message: error.message });
      throw error;
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch (error) {
      return reply.code(400).send({ error: 'invalid_payload', message: `body is not valid JSON: ${(error as Error).message}` });
    }
    let outcome;
    try {
      outcome = mapGhostPayload(body, { includePages: sources.ghost.includePages });
    } catch (error) {
      if (error instanceof SourcePayloadError) return reply.code(400).send({ error: 'invalid_payload', message: error.message, issues: error.issues });
      throw error;
    }
    if (outcome.action === 'ignored') return reply.code(202).send({ status: 'ignored', reason: outcome.reason });
    if (!deps.redisReady()) return replyUnavailable(reply);
    const event = outcome.event;
    try {
      const job = await sources.enqueue(event, 'ghost');
      const article = event.kind === 'publish' ? { id: event.article.id, revision: event.article.revision } : { id: event.articleId, status: event.status };
      return reply.code(202).send({ status: 'queued', kind: event.kind, article, job });
    } catch (error) {
      if (!deps.redisReady()) return replyUnavailable(reply);
      throw error;
    }
  });

  app.get('/v1/feeds', { preHandler: editorAuth(deps.config.editorToken) }, async (_request, reply) => {
    if (!sources) return reply.send({ feeds: [] });
    if (!deps.redisReady()) return replyUnavailable(reply);
    return reply.send({ feeds: await feedHealth(sources.feedStore, sources.feeds) });
  });
}
