import type { ServerOptions } from 'node:http';

/**
 * Limits on how long a client may hold a connection, so slow or stalled senders cannot pile up
 * open sockets (Fastify's defaults never time a request body out). A CMS sends its event in
 * milliseconds; these leave room for a slow link and nothing for a connection that trickles.
 * Node checks the request and header deadlines on an interval, hence the short checking interval.
 */
export const SERVER_TIMEOUTS = {
  /** Whole request, headers and body, from the first byte. */
  requestTimeout: 30_000,
  /** Idle socket, between any two packets. */
  connectionTimeout: 60_000,
  /** Idle keep-alive connection between requests (Node's own default; Fastify's is 72 s). */
  keepAliveTimeout: 5_000,
  http: { headersTimeout: 15_000, connectionsCheckingInterval: 1_000 } satisfies ServerOptions,
};
