import type { FastifyInstance } from 'fastify';
import { parseArticleJson } from '../../article/parse-article.js';
import { ArticleValidationError } from '../../domain/errors/index.js';
import type { AppDeps } from '../app-deps.js';
import { SignatureError, SignatureVerifier } from '../signature.js';
import { replyUnavailable } from '../unavailable.js';
import { postSummary } from './post-view.js';

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
    let article;
    try {
      article = parseArticleJson(raw);
    } catch (error) {
      if (error instanceof ArticleValidationError) {
        return reply.code(400).send({ error: 'invalid_article', message: error.message, issues: error.issues });
      }
      throw error;
    }
    if (!deps.redisReady()) return replyUnavailable(reply);
    try {
      const result = await deps.intake.accept(article, 'cms');
      return reply.code(202).send({
        article: { id: article.id, revision: article.revision },
        duplicate: !result.created,
        posts: result.posts.map(postSummary),
      });
    } catch (error) {
      if (!deps.redisReady()) return replyUnavailable(reply);
      throw error;
    }
  });
}
