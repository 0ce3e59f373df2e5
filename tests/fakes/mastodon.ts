import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerWithFault, type Fault, FaultQueue, type HandlerResult, parseBody, type ParsedBody, readRawBody, sendJson } from './http-faults.js';

/**
 * A loopback Mastodon instance, written from docs.joinmastodon.org: POST /api/v1/statuses (with
 * Idempotency-Key: the same key answers with the same status and creates nothing), DELETE
 * /api/v1/statuses/:id, POST /api/v2/media (200, or 202 with url null while processing) and
 * GET /api/v1/media/:id (206 until processed), GET /api/v1/accounts/verify_credentials. Errors are
 * {error: "..."}; answers carry X-RateLimit-Limit/Remaining/Reset (ISO 8601).
 */

export interface FakeStatus {
  id: string;
  text: string;
  inReplyToId: string | null;
  mediaIds: string[];
  visibility: string;
  language: string | null;
  idempotencyKey?: string;
  createdAt: string;
  url: string;
  deleted: boolean;
}

export interface FakeMastodonMedia {
  id: string;
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  description: string | null;
  /** GET /api/v1/media/:id answers 206 this many more times before the media is ready. */
  pendingPolls: number;
}

export interface RecordedMastodonRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** JSON body, or form / multipart text fields (arrays for repeated keys such as media_ids[]). */
  body: unknown;
  fault?: Fault['kind'];
}

export interface FakeMastodon {
  url: string;
  statuses: FakeStatus[];
  media: Map<string, FakeMastodonMedia>;
  requests: RecordedMastodonRequest[];
  fail(method: string, path: string | RegExp, fault: Fault, times?: number): void;
  liveStatuses(): FakeStatus[];
  close(): Promise<void>;
}

export const mastodonFaults = {
  serverError(): Fault {
    return { kind: 'respond', status: 503, body: { error: 'Service Unavailable' } };
  },
  rateLimited(resetIso: string): Fault {
    return {
      kind: 'respond',
      status: 429,
      body: { error: 'Too many requests' },
      headers: { 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': resetIso },
    };
  },
  unauthorized(): Fault {
    return { kind: 'respond', status: 401, body: { error: 'The access token is invalid' } };
  },
  forbidden(): Fault {
    return { kind: 'respond', status: 403, body: { error: 'This action is not allowed' } };
  },
  tooLong(): Fault {
    return { kind: 'respond', status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } };
  },
};

export interface FakeMastodonOptions {
  accessToken: string;
  username?: string;
  /** Answer POST /api/v2/media with 202 and make GET /api/v1/media/:id answer 206 this many times. */
  mediaPendingPolls?: number;
}

export async function startFakeMastodon(options: FakeMastodonOptions): Promise<FakeMastodon> {
  const username = options.username ?? 'crier';
  const accountId = '109876543210987654';
  const statuses: FakeStatus[] = [];
  const media = new Map<string, FakeMastodonMedia>();
  const requests: RecordedMastodonRequest[] = [];
  const idempotency = new Map<string, string>();
  const faults = new FaultQueue();
  let sequence = 0;
  let base = '';

  const nextId = (): string => {
    sequence = (sequence + 1) & 0xffff;
    return String((BigInt(Date.now()) << 16n) | BigInt(sequence));
  };

  const rateHeaders = () => ({
    'x-ratelimit-limit': '300',
    'x-ratelimit-remaining': '299',
    'x-ratelimit-reset': new Date(Math.ceil(Date.now() / 300_000) * 300_000).toISOString().replace('Z', '000Z'),
  });

  const account = () => ({
    id: accountId,
    username,
    acct: username,
    display_name: 'Crier News',
    url: `${base}/@${username}`,
    locked: false,
    bot: true,
    created_at: '2024-01-01T00:00:00.000Z',
    note: '',
    avatar: `${base}/avatars/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: statuses.filter((s) => !s.deleted).length,
  });

  const attachmentJson = (item: FakeMastodonMedia) => {
    const ready = item.pendingPolls <= 0;
    return {
      id: item.id,
      type: 'image',
      url: ready ? `${base}/system/media_attachments/files/${item.id}/original/${item.fileName}` : null,
      preview_url: `${base}/system/media_attachments/files/${item.id}/small/${item.fileName}`,
      remote_url: null,
      meta: {},
      description: item.description,
      blurhash: null,
    };
  };

  const statusJson = (status: FakeStatus) => ({
    id: status.id,
    created_at: status.createdAt,
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: status.inReplyToId ? accountId : null,
    sensitive: false,
    spoiler_text: '',
    visibility: status.visibility,
    language: status.language,
    uri: `${base}/users/${username}/statuses/${status.id}`,
    url: status.url,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    content: `<p>${escapeHtml(status.text)}</p>`,
    reblog: null,
    account: account(),
    media_attachments: status.mediaIds.map((id) => {
      const item = media.get(id);
      return item ? attachmentJson(item) : { id };
    }),
    mentions: [],
    tags: [],
    emojis: [],
    card: null,
    poll: null,
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = req.method ?? 'GET';
    const parsed = await parseBody(req, await readRawBody(req));
    const fault = faults.take(method, url.pathname);
    requests.push({ method, path: url.pathname, headers: req.headers, body: bodyForRecord(parsed), ...(fault ? { fault: fault.kind } : {}) });
    if (req.headers.authorization !== `Bearer ${options.accessToken}`) {
      sendJson(res, 401, { error: 'The access token is invalid' }, rateHeaders());
      return;
    }
    await answerWithFault(req, res, fault, () => route(method, url.pathname, req.headers, parsed), rateHeaders());
  };

  const route = (method: string, path: string, headers: IncomingHttpHeaders, parsed: ParsedBody): HandlerResult => {
    if (method === 'GET' && path === '/api/v1/accounts/verify_credentials') return { status: 200, body: { ...account(), source: { privacy: 'public', sensitive: false, language: 'en', note: '', fields: [] } } };
    if (method === 'POST' && path === '/api/v1/statuses') return createStatus(headers, parsed);
    const statusId = /^\/api\/v1\/statuses\/([^/]+)$/.exec(path)?.[1];
    if (method === 'DELETE' && statusId) {
      const status = statuses.find((s) => s.id === statusId && !s.deleted);
      if (!status) return { status: 404, body: { error: 'Record not found' } };
      status.deleted = true;
      return { status: 200, body: { ...statusJson(status), text: status.text } };
    }
    if (method === 'POST' && path === '/api/v2/media') return createMedia(parsed);
    const mediaId = /^\/api\/v1\/media\/([^/]+)$/.exec(path)?.[1];
    if (method === 'GET' && mediaId) {
      const item = media.get(mediaId);
      if (!item) return { status: 404, body: { error: 'Record not found' } };
      if (item.pendingPolls > 0) {
        item.pendingPolls -= 1;
        return { status: 206, body: { ...attachmentJson({ ...item, pendingPolls: 1 }) } };
      }
      return { status: 200, body: attachmentJson(item) };
    }
    return { status: 404, body: { error: 'Not Found' } };
  };

  const createStatus = (headers: IncomingHttpHeaders, parsed: ParsedBody): HandlerResult => {
    const field = fieldReader(parsed);
    const key = typeof headers['idempotency-key'] === 'string' ? headers['idempotency-key'] : undefined;
    const earlier = key ? idempotency.get(key) : undefined;
    const existing = earlier ? statuses.find((s) => s.id === earlier) : undefined;
    if (existing) return { status: 200, body: statusJson(existing) };

    const text = field.one('status') ?? '';
    const bracketed = field.many('media_ids[]');
    const mediaIds = bracketed.length > 0 ? bracketed : field.many('media_ids');
    const inReplyToId = field.one('in_reply_to_id') ?? null;
    if (text === '' && mediaIds.length === 0) return { status: 422, body: { error: "Validation failed: Text can't be blank" } };
    if (mastodonLength(text) > 500) return { status: 422, body: { error: 'Validation failed: Text character limit of 500 exceeded' } };
    for (const id of mediaIds) {
      const item = media.get(id);
      if (!item) return { status: 422, body: { error: 'Validation failed: Media attachments is invalid' } };
      if (item.pendingPolls > 0) return { status: 422, body: { error: 'Cannot attach files that have not finished processing. Try again in a moment!' } };
    }
    if (inReplyToId !== null && !statuses.some((s) => s.id === inReplyToId && !s.deleted)) {
      return { status: 404, body: { error: 'Record not found' } };
    }
    const id = nextId();
    const status: FakeStatus = {
      id,
      text,
      inReplyToId,
      mediaIds,
      visibility: field.one('visibility') ?? 'public',
      language: field.one('language') ?? null,
      createdAt: new Date().toISOString(),
      url: `${base}/@${username}/${id}`,
      deleted: false,
      ...(key ? { idempotencyKey: key } : {}),
    };
    statuses.push(status);
    if (key) idempotency.set(key, id);
    return { status: 200, body: statusJson(status) };
  };

  const createMedia = (parsed: ParsedBody): HandlerResult => {
    if (parsed.type !== 'multipart') return { status: 422, body: { error: 'Validation failed: File is invalid' } };
    const file = parsed.files.get('file');
    if (!file?.name) return { status: 422, body: { error: "Validation failed: File can't be blank" } };
    const id = nextId();
    const item: FakeMastodonMedia = {
      id,
      fileName: file.name,
      mimeType: file.type ?? 'application/octet-stream',
      bytes: file.bytes,
      description: parsed.fields.get('description')?.[0] ?? null,
      pendingPolls: options.mediaPendingPolls ?? 0,
    };
    media.set(id, item);
    return { status: item.pendingPolls > 0 ? 202 : 200, body: attachmentJson(item) };
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => sendJson(res, 500, { error: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: base,
    statuses,
    media,
    requests,
    fail: (method, path, fault, times = 1) => faults.add(method, path, fault, times),
    liveStatuses: () => statuses.filter((s) => !s.deleted),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function fieldReader(parsed: ParsedBody) {
  const json = parsed.type === 'json' && typeof parsed.value === 'object' && parsed.value !== null ? (parsed.value as Record<string, unknown>) : undefined;
  const fields = parsed.type === 'form' || parsed.type === 'multipart' ? parsed.fields : undefined;
  return {
    one(name: string): string | undefined {
      const value = json ? json[name] : fields?.get(name)?.[0];
      return typeof value === 'string' ? value : undefined;
    },
    many(name: string): string[] {
      const value = json ? json[name.replace('[]', '')] : fields?.get(name);
      return Array.isArray(value) ? value.map(String) : [];
    },
  };
}

function bodyForRecord(parsed: ParsedBody): unknown {
  if (parsed.type === 'json') return parsed.value;
  if (parsed.type === 'none') return undefined;
  const record: Record<string, string | string[]> = {};
  for (const [key, values] of parsed.fields) record[key] = key.endsWith('[]') ? values : (values[0] ?? '');
  return record;
}

/** Mastodon counts characters with every URL as 23. */
function mastodonLength(text: string): number {
  return [...text.replace(/https?:\/\/\S+/g, 'x'.repeat(23))].length;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
