import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseArticleEventJson } from '../../article/parse-article.js';
import { ArticleValidationError } from '../../domain/errors/index.js';
import type { ArticleEvent } from '../../domain/article.js';
import type { AppDeps } from '../app-deps.js';
import { editorAuth, editorName } from '../editor-auth.js';
import { jsonBody, parse } from '../request-body.js';
import { SignatureError, SignatureVerifier } from '../signature.js';
import { replyUnavailable } from '../unavailable.js';
import { postSummary } from './post-view.js';

const reasonBody = z.object({ reason: z.string().trim().min(1).max(500).optional() });
const correctionBody = z.object({ text: z.string().trim().min(1, 'must contain text').max(2000, 'must be at most 2000 characters') });

/** Intake (signed CMS events) and the editors' article actions. */
export function articleRoutes(app: FastifyInstance, deps: AppDeps): void {
  const verifier = deps.config.webhookSecret ? new SignatureVerifier(deps.config.webhookSecret) : undefined;

  app.post('/v1/articles', async (request, reply) => {
    if (!verifier) {
      return reply.code(401).send({ error: 'unauthorized', message: 'intake disabled: WEBHOOK_SECRET is not set' });
    }
    const raw = typeof request.body === 'string' ? request.body : '';
    try {
      verifier.verify(raw, request.headers);
    } catch (error) {
      if (error instanceof SignatureError) return reply.code(401).send({ error: 'unauthorized', message: error.message });
      throw error;
    }
    let event: ArticleEvent;
    try {
      event = parseArticleEventJson(raw);
    } catch (error) {
      if (error instanceof ArticleValidationError) {
        return reply.code(400).send({ error: 'invalid_article', message: error.message, issues: error.issues });
      }
      throw error;
    }
    if (!deps.redisReady()) return replyUnavailable(reply);
    try {
      const outcome = await deps.lifecycle.handle(event, 'cms');
      return reply.code(202).send({
        article:
          event.kind === 'publish'
            ? { id: event.article.id, revision: event.article.revision, status: 'published' }
            : { id: event.articleId, status: event.status },
        action: outcome.action,
        duplicate: outcome.action === 'duplicate',
        posts: outcome.posts.map(postSummary),
      });
    } catch (error) {
      if (!deps.redisReady()) return replyUnavailable(reply);
      throw error;
    }
  });

  app.register(async (editor) => {
    editor.addHook('onRequest', editorAuth(deps.config.editorToken));

    editor.get<{ Params: { id: string } }>('/v1/articles/:id', async (request) => deps.lifecycle.article(request.params.id));

    editor.post<{ Params: { id: string } }>('/v1/articles/:id/retract', async (request, reply) => {
      const body = parse(reasonBody, jsonBody(request));
      const posts = await deps.lifecycle.retractArticle(request.params.id, editorName(request), body.reason);
      return reply.code(202).send({ article: { id: request.params.id }, posts: posts.map(postSummary) });
    });

    editor.post<{ Params: { id: string } }>('/v1/articles/:id/correction', async (request, reply) => {
      const body = parse(correctionBody, jsonBody(request));
      const posts = await deps.lifecycle.correct(request.params.id, body.text, editorName(request));
      return reply.code(202).send({ article: { id: request.params.id }, corrections: posts.map(postSummary) });
    });

    editor.post<{ Params: { id: string } }>('/v1/posts/:id/retract', async (request, reply) => {
      const body = parse(reasonBody, jsonBody(request));
      const post = await deps.lifecycle.retractPost(request.params.id, editorName(request), body.reason);
      return reply.code(202).send({ post });
    });
  });
}
