import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import {
  InvalidScheduleError,
  InvalidStateError,
  InvalidTransitionError,
  PartsInvalidError,
  PostNotFoundError,
  ArticleBusyError,
  ArticleNotFoundError,
  VersionConflictError,
} from '../domain/errors/index.js';
import type { AppDeps } from './app-deps.js';
import { dashboardPlugin } from '../dashboard/dashboard-plugin.js';
import { articleRoutes } from './routes/articles.js';
import { healthRoutes } from './routes/health.js';
import { metricsRoute } from '../metrics/metrics-route.js';
import { sourceRoutes } from './routes/sources.js';
import { BodyError, postRoutes } from './routes/posts.js';
import { withRedactedRequestLog } from './request-log.js';
import { SERVER_TIMEOUTS } from './server-timeouts.js';
import { isStorageUnavailable, replyUnavailable } from './unavailable.js';

/**
 * The Fastify app: intake, editor API and health. Bodies are kept as raw strings because the
 * signature is over the exact bytes the CMS sent; routes parse them.
 */
export function buildApp(deps: AppDeps, options: FastifyServerOptions = {}): FastifyInstance {
  const app = Fastify(withRedactedRequestLog({ bodyLimit: deps.config.bodyLimitBytes, ...SERVER_TIMEOUTS, ...options }));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof BodyError) return reply.code(400).send({ error: 'invalid_request', message: error.message, issues: error.issues });
    if (error instanceof PostNotFoundError || error instanceof ArticleNotFoundError) return reply.code(404).send({ error: 'not_found', message: error.message });
    if (error instanceof ArticleBusyError) return reply.code(503).header('retry-after', '2').send({ error: 'busy', message: error.message });
    if (error instanceof VersionConflictError) {
      return reply.code(409).send({ error: 'version_conflict', message: error.message, currentVersion: error.currentVersion });
    }
    if (error instanceof InvalidTransitionError || error instanceof InvalidStateError) {
      return reply.code(409).send({ error: 'invalid_state', message: error.message });
    }
    if (error instanceof InvalidScheduleError) return reply.code(422).send({ error: 'invalid_schedule', message: error.message });
    if (error instanceof PartsInvalidError) return reply.code(422).send({ error: 'invalid_parts', message: error.message, issues: error.issues });
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 413) return reply.code(413).send({ error: 'too_large', message: `body over ${deps.config.bodyLimitBytes} bytes` });
    if (status && status >= 400 && status < 500) return reply.code(status).send({ error: 'bad_request', message: (error as Error).message });
    if (isStorageUnavailable(error) || !deps.redisReady()) return replyUnavailable(reply);
    reply.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ error: 'internal', message: 'internal error' });
  });

  healthRoutes(app, deps);
  if (deps.metrics) metricsRoute(app, deps.metrics, deps.config.metricsToken);
  articleRoutes(app, deps);
  postRoutes(app, deps);
  // Its own scope: form bodies, sessions and CSRF apply to the pages, never to the JSON APIs.
  if (deps.dashboard) app.register(dashboardPlugin, { app: deps, dash: deps.dashboard });
  sourceRoutes(app, deps);
  return app;
}
