import { createServer, request } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the proxy does to the next matching request instead of a plain pass-through:
 * - `status`: answers itself, the PDS never sees the request;
 * - `drop-after-forward`: the PDS handles the request, then the client's socket is destroyed
 *   before any answer (the request went through, the client cannot know);
 * - `hang-after-forward`: the PDS handles the request, the client never gets an answer.
 */
export type BlueskyFault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'drop-after-forward' }
  | { kind: 'hang-after-forward' }
  /** Forwards at once (the PDS acts), answers `ms` later: a worker caught mid-request. */
  | { kind: 'delay-after-forward'; ms: number };

export interface BlueskyProxy {
  url: string;
  /** How many requests for this XRPC method (e.g. `com.atproto.server.createSession`) reached the proxy. */
  count(method: string): number;
  /** Applies `fault` to the next `times` requests for `method`, after letting `after` of them through. */
  inject(method: string, fault: BlueskyFault, times?: number, after?: number): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function forward(target: URL, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: target.host };
    delete headers.connection;
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers }, (res) => {
      readBody(res).then(
        (resBody) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: resBody }),
        reject,
      );
    });
    upstream.on('error', reject);
    upstream.end(body);
  });
}

/** A loopback HTTP proxy in front of a PDS that counts XRPC calls and injects faults. */
export async function startBlueskyProxy(targetUrl: string): Promise<BlueskyProxy> {
  const target = new URL(targetUrl);
  const counts = new Map<string, number>();
  const faults = new Map<string, { fault: BlueskyFault; left: number; skip: number }>();

  const takeFault = (method: string): BlueskyFault | undefined => {
    const entry = faults.get(method);
    if (!entry) return undefined;
    if (entry.skip > 0) {
      entry.skip -= 1;
      return undefined;
    }
    entry.left -= 1;
    if (entry.left <= 0) faults.delete(method);
    return entry.fault;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://proxy').pathname;
    const method = path.startsWith('/xrpc/') ? path.slice('/xrpc/'.length) : path;
    counts.set(method, (counts.get(method) ?? 0) + 1);
    const body = await readBody(req);
    const fault = takeFault(method);

    if (fault?.kind === 'status') {
      const payload = JSON.stringify(fault.body ?? { error: 'InjectedFault', message: `injected ${fault.status}` });
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
      res.end(payload);
      return;
    }
    const upstream = await forward(target, req, body);
    if (fault?.kind === 'drop-after-forward') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'hang-after-forward') return;
    if (fault?.kind === 'delay-after-forward') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const headers = { ...upstream.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'ProxyError', message: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    count: (method) => counts.get(method) ?? 0,
    inject(method, fault, times = 1, after = 0) {
      faults.set(method, { fault, left: times, skip: after });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
