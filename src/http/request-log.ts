import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';

/**
 * What a request line looks like in the access log. Query strings are where clients put tokens
 * (`?token=…` on a metrics scrape, a bookmarked editor link), and a refused request is logged like
 * any other, so every query value is replaced: the names stay, for telling requests apart.
 */
export function redactedUrl(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = url.slice(mark + 1);
  if (query === '') return url;
  const names = query.split('&').map((pair) => {
    const eq = pair.indexOf('=');
    return eq === -1 ? pair : `${pair.slice(0, eq)}=***`;
  });
  return `${url.slice(0, mark)}?${names.join('&')}`;
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's own request serializer, with the query redacted and without the accept-version header. */
function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactedUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

const serializers = { req: serializeRequest };

/**
 * The server's logger options with the redacting serializer in place, whichever way the caller
 * handed a logger in: a pino instance gets a child that carries it (Fastify merges the instance's
 * own serializers over its defaults), a logger config object gets it merged in.
 */
export function withRedactedRequestLog(options: FastifyServerOptions): FastifyServerOptions {
  if (options.loggerInstance) {
    const logger: FastifyBaseLogger = options.loggerInstance.child({}, { serializers });
    return { ...options, loggerInstance: logger };
  }
  if (options.logger === true) return { ...options, logger: { serializers } };
  if (typeof options.logger === 'object' && options.logger !== null) {
    const given = options.logger as { serializers?: Record<string, unknown> };
    return { ...options, logger: { ...options.logger, serializers: { ...given.serializers, ...serializers } } };
  }
  return options;
}
