import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from './loopback-server.js';

/** What one path answers: a feed document (with validators), a redirect, or a bare status. */
export type FeedRoute =
  | { kind: 'feed'; body: string | Buffer; contentType: string; etag?: boolean; lastModified?: string }
  | { kind: 'redirect'; location: string; status?: number }
  | { kind: 'status'; status: number; body?: string };

export interface FeedServer extends LoopbackServer {
  /** Sets (or replaces) what `path` answers; the next poll sees it. */
  route(path: string, route: FeedRoute): void;
  /** Requests for `path`, in order. */
  requestsFor(path: string): RecordedRequest[];
}

export function fixture(name: string): string {
  return readFileSync(`tests/fixtures/feeds/${name}`, 'utf8');
}

export const RSS_TYPE = 'application/rss+xml; charset=utf-8';

/**
 * A publisher's web server on loopback: serves feeds as publishers do, with a strong ETag from the
 * body and Last-Modified, and answers 304 to a matching If-None-Match or If-Modified-Since.
 */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, FeedRoute>();
  const server = await startLoopbackServer((req, res) => {
    const path = req.url.split('?')[0]!;
    const route = routes.get(path);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<!doctype html><title>Not found</title>');
      return;
    }
    if (route.kind === 'redirect') {
      res.writeHead(route.status ?? 302, { location: route.location });
      res.end();
      return;
    }
    if (route.kind === 'status') {
      res.writeHead(route.status, { 'content-type': 'text/html' });
      res.end(route.body ?? '');
      return;
    }
    const etag = route.etag === false ? undefined : `"${createHash('sha1').update(route.body).digest('hex')}"`;
    const headers: Record<string, string> = { 'content-type': route.contentType };
    if (etag) headers.etag = etag;
    if (route.lastModified) headers['last-modified'] = route.lastModified;
    const matchesEtag = etag !== undefined && req.headers['if-none-match'] === etag;
    const matchesDate = !etag && route.lastModified !== undefined && req.headers['if-modified-since'] === route.lastModified;
    if (matchesEtag || matchesDate) {
      res.writeHead(304, headers);
      res.end();
      return;
    }
    res.writeHead(200, headers);
    res.end(route.body);
  });
  return {
    ...server,
    route: (path, route) => routes.set(path, route),
    requestsFor: (path) => server.requests.filter((r) => r.url.split('?')[0] === path),
  };
}
