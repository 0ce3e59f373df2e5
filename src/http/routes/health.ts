import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../app-deps.js';

export function healthRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const redis = deps.redisReady();
    const workers = deps.workersRunning ? deps.workersRunning() : undefined;
    const ready = redis && workers !== false;
    // A refused account is shown, not made fatal: the other accounts keep delivering.
    const accounts = deps.accountChecks?.();
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', redis, ...(workers === undefined ? {} : { workers }), ...(accounts ? { accounts } : {}) });
  });
}
