import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SitePage {
  contentType: string;
  body: Uint8Array | string;
}

export interface BlueskyTestSite {
  url: string;
  /** How many times each path was requested. */
  hits(path: string): number;
  close(): Promise<void>;
}

/** A loopback web site serving fixed pages: the article and its images that a link card points at. */
export async function startTestSite(pages: Record<string, SitePage>): Promise<BlueskyTestSite> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const page = pages[path];
    if (!page) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': page.contentType });
    res.end(page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits: (path) => hits.get(path) ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
