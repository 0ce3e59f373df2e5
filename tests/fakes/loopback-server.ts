import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/** Starts a node:http server on 127.0.0.1 with a random port; records every request with its whole body. */
export async function startLoopbackServer(handler: Handler): Promise<LoopbackServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res)).catch((err: unknown) => {
        res.statusCode = 500;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * Fault injection for fakes: `respond` answers with the given status instead of doing the work;
 * `accept-then-hang` does the work (the platform accepted the post) and never answers, which the
 * client sees as a timeout after acceptance.
 */
export type Fault =
  | { kind: 'respond'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'accept-then-hang' };

export class FaultQueue {
  private readonly queue: { match: (req: RecordedRequest) => boolean; fault: Fault }[] = [];

  /** Queues a fault for the next request that `match` accepts (any request when omitted). */
  add(fault: Fault, match: (req: RecordedRequest) => boolean = () => true): void {
    this.queue.push({ fault, match });
  }

  take(req: RecordedRequest): Fault | undefined {
    const at = this.queue.findIndex((q) => q.match(req));
    if (at < 0) return undefined;
    const [found] = this.queue.splice(at, 1);
    return found?.fault;
  }
}

export function sendFault(res: ServerResponse, fault: Extract<Fault, { kind: 'respond' }>): void {
  const isText = typeof fault.body === 'string';
  res.writeHead(fault.status, { 'content-type': isText ? 'text/plain' : 'application/json', ...fault.headers });
  res.end(fault.body === undefined ? '' : isText ? (fault.body as string) : JSON.stringify(fault.body));
}
