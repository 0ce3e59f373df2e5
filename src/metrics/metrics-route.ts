import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { CrierMetrics } from './metrics.js';

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * GET /metrics in Prometheus text format. With METRICS_TOKEN set, the scraper sends it as a
 * Bearer token (Prometheus `authorization: credentials`); without it the route is open, as is
 * usual on an internal port.
 */
export function metricsRoute(app: FastifyInstance, metrics: CrierMetrics, token: string | undefined): void {
  app.get('/metrics', async (request, reply) => {
    if (token) {
      const header = request.headers.authorization ?? '';
      const match = /^bearer\s+(.+)$/i.exec(header);
      if (!match || !sameToken(match[1]!.trim(), token)) {
        return reply.code(401).header('www-authenticate', 'Bearer realm="metrics"').send({ error: 'unauthorized', message: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>' });
      }
    }
    const body = await metrics.text();
    return reply.code(200).header('content-type', metrics.contentType).send(body);
  });
}
