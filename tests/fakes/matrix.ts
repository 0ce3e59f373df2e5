import { FaultQueue, sendFault, sendJson, startLoopbackServer, type LoopbackServer } from './loopback-server.js';

/** An event the fake homeserver holds in a room. */
export interface MatrixEvent {
  eventId: string;
  roomId: string;
  sender: string;
  type: string;
  content: Record<string, unknown>;
  /** The transaction id it was sent with (scoped to the access token, as the spec says). */
  txnId: string;
  redactedBecause?: { eventId: string; reason?: string };
}

export interface MatrixUpload {
  contentUri: string;
  type: string;
  /** Bytes received, from Content-Length (the recorded body is text). */
  size: number;
  filename?: string;
}

export interface FakeMatrix {
  url: string;
  server: LoopbackServer;
  /** Message events (m.room.message), in the order the homeserver made them. */
  events: MatrixEvent[];
  /** Redactions (m.room.redaction), each pointing at the event it redacted. */
  redactions: MatrixEvent[];
  uploads: MatrixUpload[];
  faults: FaultQueue;
  close(): Promise<void>;
}

export interface FakeMatrixOptions {
  /** access token → user id */
  tokens: Record<string, string>;
  /** room id → the user ids joined to it */
  rooms: Record<string, string[]>;
  serverName?: string;
}

/** The largest event a homeserver accepts (spec, "Size limits"): the whole event as JSON. */
const MAX_EVENT_BYTES = 65_536;
/** Roughly what a homeserver adds to the client's content (ids, hashes, signatures, auth events). */
const SERVER_FIELDS_BYTES = 1_200;

/**
 * A loopback homeserver with the Client-Server API v3 calls crier makes, as the spec describes
 * them. Authorization: Bearer only (an unknown token is 401 M_UNKNOWN_TOKEN, none is 401
 * M_MISSING_TOKEN). PUT /rooms/{roomId}/send/{eventType}/{txnId} answers {event_id}; the same
 * token and txnId again answers the first event's id and makes nothing, as the spec requires.
 * A user not joined to the room gets 403 M_FORBIDDEN; a thread relation must point at an event
 * in the room (400 M_INVALID_PARAM otherwise); an event over 64 KiB is 413 M_TOO_LARGE.
 * PUT /rooms/{roomId}/redact/{eventId}/{txnId} (404 M_NOT_FOUND for an unknown event),
 * POST /_matrix/media/v3/upload, GET /account/whoami and /joined_rooms. Faults are taken after
 * authentication, as a real rate limiter or proxy error would come after the token was read.
 */
export async function startFakeMatrix(options: FakeMatrixOptions): Promise<FakeMatrix> {
  const serverName = options.serverName ?? 'matrix.example.org';
  const events: MatrixEvent[] = [];
  const redactions: MatrixEvent[] = [];
  const uploads: MatrixUpload[] = [];
  const faults = new FaultQueue();
  const transactions = new Map<string, MatrixEvent>();
  let next = 1;

  const server = await startLoopbackServer((req, res) => {
    const [path = '', query = ''] = req.url.split('?');
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    if (!auth) return sendJson(res, 401, { errcode: 'M_MISSING_TOKEN', error: 'Missing access token' });
    const token = auth[1]!;
    const user = options.tokens[token];
    if (!user) return sendJson(res, 401, { errcode: 'M_UNKNOWN_TOKEN', error: 'Unknown access token', soft_logout: false });
    const fault = faults.take(req);
    if (fault?.kind === 'respond') return sendFault(res, fault);
    const answer = (status: number, body: unknown): void => {
      if (fault?.kind === 'accept-then-hang') return;
      sendJson(res, status, body);
    };

    if (req.method === 'GET' && path === '/_matrix/client/v3/account/whoami') return answer(200, { user_id: user, device_id: 'CRIERDEVICE' });
    if (req.method === 'GET' && path === '/_matrix/client/v3/joined_rooms') {
      return answer(200, { joined_rooms: Object.entries(options.rooms).filter(([, members]) => members.includes(user)).map(([id]) => id) });
    }
    if (req.method === 'POST' && path === '/_matrix/media/v3/upload') {
      const mediaId = `media${next++}`;
      const filename = new URLSearchParams(query).get('filename') ?? undefined;
      const upload: MatrixUpload = {
        contentUri: `mxc://${serverName}/${mediaId}`,
        type: req.headers['content-type'] ?? 'application/octet-stream',
        size: Number(req.headers['content-length'] ?? 0),
        ...(filename ? { filename } : {}),
      };
      uploads.push(upload);
      return answer(200, { content_uri: upload.contentUri });
    }

    const room = /^\/_matrix\/client\/v3\/rooms\/([^/]+)\/(send|redact)\/([^/]+)\/([^/]+)$/.exec(path);
    if (!room || req.method !== 'PUT') return sendJson(res, 404, { errcode: 'M_UNRECOGNIZED', error: 'Unrecognized request' });
    const roomId = decodeURIComponent(room[1]!);
    const action = room[2]!;
    const target = decodeURIComponent(room[3]!);
    const txnId = decodeURIComponent(room[4]!);
    if (!options.rooms[roomId]?.includes(user)) {
      return sendJson(res, 403, { errcode: 'M_FORBIDDEN', error: `User ${user} not in room ${roomId}` });
    }
    let content: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(req.body);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      content = parsed as Record<string, unknown>;
    } catch {
      return sendJson(res, 400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
    }
    const key = `${token}\u0000${txnId}`;
    const repeated = transactions.get(key);
    if (repeated) return answer(200, { event_id: repeated.eventId });
    if (Buffer.byteLength(req.body) + SERVER_FIELDS_BYTES > MAX_EVENT_BYTES) {
      return sendJson(res, 413, { errcode: 'M_TOO_LARGE', error: 'event too large' });
    }
    const eventId = `$ev${next++}`;

    if (action === 'redact') {
      const redacted = events.find((e) => e.eventId === target && e.roomId === roomId);
      if (!redacted) return sendJson(res, 404, { errcode: 'M_NOT_FOUND', error: 'Event not found.' });
      const reason = typeof content.reason === 'string' ? content.reason : undefined;
      const redaction: MatrixEvent = { eventId, roomId, sender: user, type: 'm.room.redaction', content, txnId };
      redacted.redactedBecause = { eventId, ...(reason !== undefined ? { reason } : {}) };
      redacted.content = {};
      redactions.push(redaction);
      transactions.set(key, redaction);
      return answer(200, { event_id: eventId });
    }

    const relation = content['m.relates_to'] as { rel_type?: unknown; event_id?: unknown } | undefined;
    if (relation?.rel_type === 'm.thread' && !events.some((e) => e.eventId === relation.event_id && e.roomId === roomId)) {
      return sendJson(res, 400, { errcode: 'M_INVALID_PARAM', error: 'Thread root not found in room' });
    }
    const event: MatrixEvent = { eventId, roomId, sender: user, type: target, content, txnId };
    events.push(event);
    transactions.set(key, event);
    return answer(200, { event_id: eventId });
  });
  return { url: server.url, server, events, redactions, uploads, faults, close: () => server.close() };
}
