import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  InvalidStateError,
  InvalidTransitionError,
  PartsInvalidError,
  PostNotFoundError,
  VersionConflictError,
} from '../domain/errors/index.js';
import type { AppDeps } from './app-deps.js';
import { articleRoutes } from './routes/articles.js';
import { healthRoutes } from './routes/health.js';
import { sourceRoutes } from './routes/sources.js';
import { BodyError, postRoutes } from './routes/posts.js';
import { replyUnavailable } from './unavailable.js';

/**
 * The Fastify app: intake, editor API and health. Bodies are kept as raw strings because the
 * signature is over the exact bytes the CMS sent; routes parse them.
 */
export function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): FastifyInstance {
  const app = Fastify({ bodyLimit: deps.config.bodyLimitBytes, ...options });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof BodyError) return reply.code(400).send({ error: 'invalid_request', message: error.message, issues: error.issues });
    if (error instanceof PostNotFoundError) return reply.code(404).send({ error: 'not_found', message: error.message });
    if (error instanceof VersionConflictError) {
      return reply.code(409).send({ error: 'version_conflict', message: error.message, currentVersion: error.currentVersion });
    }
    if (error instanceof InvalidTransitionError || error instanceof InvalidStateError) {
      return reply.code(409).send({ error: 'invalid_state', message: error.message });
    }
    if (error instanceof PartsInvalidError) return reply.code(422).send({ error: 'invalid_parts', message: error.message, issues: error.issues });
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.code(413).send({ error: 'too_large', message: `body over ${deps.config.bodyLimitBytes} bytes` });
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: 'bad_request', message: (error as Error).message });
    if (!deps.redisReady()) return replyUnavailable(reply);
    reply.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  healthRoutes(app, deps);
  articleRoutes(app, deps);
  postRoutes(app, deps);
  sourceRoutes(app, deps);
  return app;
}
