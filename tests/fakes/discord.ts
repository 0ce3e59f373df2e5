import { FaultQueue, sendFault, sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

export interface DiscordSent {
  id: string;
  /** The query string as received (wait=true must be there to get the message back). */
  query: string;
  body: Record<string, unknown>;
}

export interface FakeDiscord {
  /** The webhook URL to configure: `<base>/api/webhooks/<id>/<token>`. */
  webhookUrl: string;
  server: LoopbackServer;
  sent: DiscordSent[];
  deleted: string[];
  faults: FaultQueue;
  close(): Promise<void>;
}

/**
 * Discord's Execute Webhook as documented: POST /webhooks/{id}/{token}[?wait=true] with JSON
 * {content, embeds, allowed_mentions}; 200 + message with wait=true, else 204. Errors are
 * {message, code}: 401 Invalid Webhook Token (50027), 404 Unknown Webhook (10015), 400 Invalid Form
 * Body (50035); 429 is {message, retry_after (seconds, float), global} with X-RateLimit-Reset-After.
 * DELETE /webhooks/{id}/{token}/messages/{message_id} answers 204; GET /webhooks/{id}/{token} answers the webhook.
 */
export async function startFakeDiscord(options: { id: string; token: string; guildId?: string }): Promise<FakeDiscord> {
  const sent: DiscordSent[] = [];
  const deleted: string[] = [];
  const faults = new FaultQueue();
  let next = 1_300_000_000_000_000_000n;

  const server = await startLoopbackServer((req, res) => {
    const [path = '', query = ''] = req.url.split('?');
    const match = /^\/api\/webhooks\/([^/]+)\/([^/]+)(?:\/messages\/([^/]+))?$/.exec(path);
    if (!match || match[1] !== options.id) return sendJson(res, 404, { message: 'Unknown Webhook', code: 10015 });
    if (match[2] !== options.token) return sendJson(res, 401, { message: 'Invalid Webhook Token', code: 50027 });
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);

    if (req.method === 'DELETE' && match[3]) {
      if (!sent.some((m) => m.id === match[3]) || deleted.includes(match[3])) return sendJson(res, 404, { message: 'Unknown Message', code: 10008 });
      deleted.push(match[3]);
      res.writeHead(204).end();
      return;
    }
    // Get Webhook with Token: what crier's credential check reads (no message is posted).
    if (req.method === 'GET' && !match[3]) {
      return sendJson(res, 200, { id: options.id, type: 1, name: 'crier alerts', channel_id: '1100', guild_id: options.guildId ?? '1000', application_id: null, token: options.token });
    }
    if (req.method !== 'POST' || match[3]) return sendJson(res, 405, { message: '405: Method Not Allowed', code: 0 });
    const body = JSON.parse(req.body || '{}') as Record<string, unknown>;
    const content = typeof body.content === 'string' ? body.content : '';
    if (content.length > 2000) {
      return sendJson(res, 400, { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 2000 or fewer in length.' }] } } });
    }
    const id = String(next++);
    sent.push({ id, query, body });
    if (fault?.kind === 'accept-then-hang') return;
    if (!new URLSearchParams(query).has('wait')) {
      res.writeHead(204).end();
      return;
    }
    return sendJson(res, 200, {
      id,
      type: 0,
      content,
      channel_id: '1100000000000000001',
      ...(options.guildId ? { guild_id: options.guildId } : {}),
      webhook_id: options.id,
      embeds: body.embeds ?? [],
    });
  });
  return { webhookUrl: `${server.url}/api/webhooks/${options.id}/${options.token}`, server, sent, deleted, faults, close: () => server.close() };
}
