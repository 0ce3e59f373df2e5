import { FaultQueue, sendFault, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface FakeSlack {
  /** The incoming-webhook URL: `<base>/services/T0/B0/<secret>`. */
  webhookUrl: string;
  server: LoopbackServer;
  /** Bodies of accepted messages, parsed. */
  posted: Record<string, unknown>[];
  faults: FaultQueue;
  close(): Promise<void>;
}

function text(res: import('node:http').ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain', ...headers });
  res.end(body);
}

/**
 * A Slack incoming webhook as documented: POST JSON {text, blocks}; answers plain text "ok", or
 * 400 invalid_payload / no_text / invalid_blocks, 403 invalid_token, 404 no_service,
 * 410 channel_is_archived, and 429 with Retry-After.
 */
export async function startFakeSlack(options: { secret: string }): Promise<FakeSlack> {
  const posted: Record<string, unknown>[] = [];
  const faults = new FaultQueue();
  const server = await startLoopbackServer((req, res) => {
    if (req.method !== 'POST' || req.url !== `/services/T0/B0/${options.secret}`) return text(res, 404, 'no_service');
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return text(res, 400, 'invalid_payload');
    }
    if (typeof body.text !== 'string' && !Array.isArray(body.blocks)) return text(res, 400, 'no_text');
    if (Array.isArray(body.blocks) && body.blocks.some((b) => typeof (b as { type?: unknown }).type !== 'string')) return text(res, 400, 'invalid_blocks');
    posted.push(body);
    if (fault?.kind === 'accept-then-hang') return;
    return text(res, 200, 'ok');
  });
  return { webhookUrl: `${server.url}/services/T0/B0/${options.secret}`, server, posted, faults, close: () => server.close() };
}
