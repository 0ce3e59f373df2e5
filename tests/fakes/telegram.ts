import { FaultQueue, sendFault, sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/** A message the fake Bot API accepted, with the request body exactly as sent. */
export interface TelegramSent {
  message_id: number;
  method: 'sendMessage' | 'sendPhoto';
  body: Record<string, unknown>;
}

export interface FakeTelegram {
  url: string;
  server: LoopbackServer;
  sent: TelegramSent[];
  deleted: number[];
  faults: FaultQueue;
  close(): Promise<void>;
}

/**
 * The Bot API as documented (core.telegram.org/bots/api): POST /bot<token>/<method> with a JSON body;
 * answers {ok:true,result:Message} or {ok:false,error_code,description,parameters?:{retry_after}}.
 * A wrong token gets 401 Unauthorized; an unknown chat 400 "Bad Request: chat not found".
 */
export async function startFakeTelegram(options: { token: string; chats: Record<string, { id: number; username?: string }> }): Promise<FakeTelegram> {
  const sent: TelegramSent[] = [];
  const deleted: number[] = [];
  const faults = new FaultQueue();
  let nextId = 100;

  const server = await startLoopbackServer(async (req, res) => {
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(req.url);
    if (!match) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const [, token, method] = match;
    if (token !== options.token) return sendJson(res, 401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);
    const body = await parseBody(req.body, req.headers['content-type']);
    if (method === 'getMe') return sendJson(res, 200, { ok: true, result: { id: 7000001, is_bot: true, first_name: 'Crier', username: 'crier_bot' } });
    const chat = options.chats[String(body.chat_id)];
    if (!chat) return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });

    if (method === 'sendMessage' || method === 'sendPhoto') {
      if (method === 'sendPhoto' && typeof body.caption === 'string' && body.caption.length > 1024) {
        return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message caption is too long' });
      }
      if (method === 'sendMessage' && (typeof body.text !== 'string' || body.text.length === 0)) {
        return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
      }
      const message_id = nextId++;
      sent.push({ message_id, method, body });
      if (fault?.kind === 'accept-then-hang') return;
      return sendJson(res, 200, { ok: true, result: { message_id, date: 1756101600, chat: { id: chat.id, type: 'channel', ...(chat.username ? { username: chat.username } : {}) } } });
    }
    if (method === 'deleteMessage') {
      const id = Number(body.message_id);
      if (!sent.some((m) => m.message_id === id) || deleted.includes(id)) {
        return sendJson(res, 400, { ok: false, error_code: 400, description: 'Bad Request: message to delete not found' });
      }
      deleted.push(id);
      return sendJson(res, 200, { ok: true, result: true });
    }
    return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
  });
  return { url: server.url, server, sent, deleted, faults, close: () => server.close() };
}

/**
 * JSON, or multipart/form-data as the Bot API takes uploads: text fields as they are (JSON objects
 * such as reply_parameters parsed), a file part recorded as {upload: type, name}. The recorded body
 * is text, so a file's bytes are not kept, only that it came.
 */
async function parseBody(raw: string, contentType: string | undefined): Promise<Record<string, unknown>> {
  if (!contentType?.startsWith('multipart/form-data')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
  const body: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') body[key] = { upload: value.type, name: value.name };
    else body[key] = value.startsWith('{') ? (JSON.parse(value) as unknown) : value;
  }
  return body;
}
