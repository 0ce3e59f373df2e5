import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerWithFault, type Fault, FaultQueue, type HandlerResult, parseBody, readRawBody, sendJson } from './http-faults.js';

/**
 * A loopback X API v2, written from X's documented shapes: POST/DELETE /2/tweets, GET /2/users/me,
 * GET /2/users/:id/tweets, the v2 chunked media upload (initialize / :id/append / :id/finalize) and
 * POST /2/media/metadata. Errors use X's problem documents ({title, detail, type, status}, or
 * {errors: [...]}) and every answer carries x-rate-limit-* headers.
 *
 * Like X it verifies the OAuth 1.0a HMAC-SHA1 signature (over the URL it was actually asked for),
 * refuses a tweet whose text duplicates an earlier one (403), rewrites links to t.co and escapes
 * &, <, > in stored text.
 */

export interface FakeXCredentials {
  apiKey: string;
  apiSecret: string;
  accessToken: string;
  accessSecret: string;
}

export interface FakeXUser {
  id: string;
  username: string;
  name: string;
}

export interface FakeTweet {
  id: string;
  /** As X stores and returns it: links as t.co, &<> escaped. */
  text: string;
  /** As the client sent it. */
  sentText: string;
  replyTo?: string;
  mediaIds: string[];
  createdAt: string;
  deleted: boolean;
}

export interface FakeXMedia {
  id: string;
  mediaKey: string;
  mediaType: string;
  totalBytes: number;
  segments: Map<number, Buffer>;
  finalized: boolean;
  altText?: string;
}

export interface RecordedXRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or multipart/form fields as an object of strings. */
  body: unknown;
  fault?: Fault['kind'];
}

export interface FakeX {
  /** Base URL to use as X_API_URL. */
  url: string;
  user: FakeXUser;
  /** Tweets in posting order (deleted ones stay, flagged). */
  tweets: FakeTweet[];
  media: Map<string, FakeXMedia>;
  requests: RecordedXRequest[];
  /** The next `times` requests to method + path (e.g. 'POST', '/2/tweets') get `fault`. */
  fail(method: string, path: string | RegExp, fault: Fault, times?: number): void;
  /** A tweet that already exists, e.g. posted long ago. */
  seedTweet(tweet: { text: string; createdAt: Date; replyTo?: string }): FakeTweet;
  liveTweets(): FakeTweet[];
  close(): Promise<void>;
}

/** Fault bodies exactly as X documents them. */
export const xFaults = {
  serverError(): Fault {
    return { kind: 'respond', status: 503, body: { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status: 503 } };
  },
  rateLimited(resetEpochSeconds: number): Fault {
    return {
      kind: 'respond',
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpochSeconds) },
    };
  },
  /** The 24-hour per-user post cap ran out while the 15-minute window still has room. */
  userDayLimit(windowResetEpochSeconds: number, dayResetEpochSeconds: number): Fault {
    return {
      kind: 'respond',
      status: 429,
      body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 },
      headers: {
        'x-rate-limit-limit': '100',
        'x-rate-limit-remaining': '99',
        'x-rate-limit-reset': String(windowResetEpochSeconds),
        'x-user-limit-24hour-limit': '17',
        'x-user-limit-24hour-remaining': '0',
        'x-user-limit-24hour-reset': String(dayResetEpochSeconds),
      },
    };
  },
  unauthorized(): Fault {
    return { kind: 'respond', status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } };
  },
  duplicate(): Fault {
    return { kind: 'respond', status: 403, body: duplicateBody() };
  },
  clientForbidden(): Fault {
    return {
      kind: 'respond',
      status: 403,
      body: {
        client_id: '12345678',
        detail:
          'When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.',
        registration_url: 'https://developer.twitter.com/en/docs/projects/overview',
        title: 'Client Forbidden',
        required_enrollment: 'Appropriate Level of API Access',
        reason: 'client-not-enrolled',
        type: 'https://api.twitter.com/2/problems/client-forbidden',
      },
    };
  },
  forbidden(detail: string): Fault {
    return { kind: 'respond', status: 403, body: { detail, type: 'about:blank', title: 'Forbidden', status: 403 } };
  },
  invalidRequest(parameter: string, message: string): Fault {
    return { kind: 'respond', status: 400, body: invalidRequestBody(parameter, message) };
  },
};

function duplicateBody(): unknown {
  return { detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', title: 'Forbidden', status: 403 };
}

function invalidRequestBody(parameter: string, message: string): unknown {
  return {
    errors: [{ parameters: { [parameter]: [] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  };
}

const TWITTER_EPOCH = 1288834974657n;

export async function startFakeX(options: { credentials: FakeXCredentials; user?: FakeXUser }): Promise<FakeX> {
  const credentials = options.credentials;
  const user = options.user ?? { id: '1580000000000000001', username: 'crier_news', name: 'Crier News' };
  const tweets: FakeTweet[] = [];
  const media = new Map<string, FakeXMedia>();
  const requests: RecordedXRequest[] = [];
  const faults = new FaultQueue();
  let sequence = 0n;

  const snowflake = (at = Date.now()): string => {
    sequence = (sequence + 1n) & 0xfffn;
    return String(((BigInt(at) - TWITTER_EPOCH) << 22n) | (1n << 12n) | sequence);
  };

  const rateHeaders = () => ({
    'x-rate-limit-limit': '100',
    'x-rate-limit-remaining': '99',
    'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900),
  });

  const storeTweet = (sentText: string, replyTo: string | undefined, mediaIds: string[], createdAt: Date): FakeTweet => {
    const tweet: FakeTweet = {
      id: snowflake(createdAt.getTime()),
      text: storedText(sentText),
      sentText,
      mediaIds,
      createdAt: createdAt.toISOString(),
      deleted: false,
      ...(replyTo !== undefined ? { replyTo } : {}),
    };
    tweets.push(tweet);
    return tweet;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const method = req.method ?? 'GET';
    const raw = await readRawBody(req);
    const parsed = await parseBody(req, raw);
    const body = parsed.type === 'json' ? parsed.value : parsed.type === 'none' ? undefined : fieldsObject(parsed.fields);
    const fault = faults.take(method, url.pathname);
    requests.push({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      ...(fault ? { fault: fault.kind } : {}),
    });

    if (!verifyOAuth(req, url, method, credentials)) {
      sendJson(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, rateHeaders());
      return;
    }

    await answerWithFault(req, res, fault, () => route(method, url, parsed, body), rateHeaders());
  };

  const route = (method: string, url: URL, parsed: Awaited<ReturnType<typeof parseBody>>, body: unknown): HandlerResult => {
    const path = url.pathname;
    if (method === 'GET' && path === '/2/users/me') {
      return { status: 200, body: { data: { id: user.id, name: user.name, username: user.username } } };
    }
    const timeline = /^\/2\/users\/([^/]+)\/tweets$/.exec(path);
    if (method === 'GET' && timeline) return userTimeline(timeline[1] ?? '', url.searchParams);
    if (method === 'POST' && path === '/2/tweets') return createTweet(body);
    const tweetId = /^\/2\/tweets\/([^/]+)$/.exec(path)?.[1];
    if (method === 'DELETE' && tweetId) {
      const tweet = tweets.find((t) => t.id === tweetId && !t.deleted);
      if (tweet) tweet.deleted = true;
      return { status: 200, body: { data: { deleted: Boolean(tweet) } } };
    }
    if (method === 'POST' && path === '/2/media/upload/initialize') return initializeUpload(body);
    const append = /^\/2\/media\/upload\/([^/]+)\/append$/.exec(path);
    if (method === 'POST' && append) return appendUpload(append[1] ?? '', parsed);
    const finalize = /^\/2\/media\/upload\/([^/]+)\/finalize$/.exec(path);
    if (method === 'POST' && finalize) return finalizeUpload(finalize[1] ?? '');
    if (method === 'POST' && path === '/2/media/metadata') return mediaMetadata(body);
    return {
      status: 404,
      body: { title: 'Not Found Error', detail: `Sorry, that page does not exist: ${path}`, type: 'https://api.twitter.com/2/problems/resource-not-found', status: 404 },
    };
  };

  const createTweet = (body: unknown): HandlerResult => {
    const request = isObject(body) ? body : {};
    const text = typeof request.text === 'string' ? request.text : '';
    const mediaIds = isObject(request.media) && Array.isArray(request.media.media_ids) ? request.media.media_ids.map(String) : [];
    const replyTo = isObject(request.reply) && typeof request.reply.in_reply_to_tweet_id === 'string' ? request.reply.in_reply_to_tweet_id : undefined;
    if (text === '' && mediaIds.length === 0) return { status: 400, body: invalidRequestBody('text', 'text or media is required') };
    if (mediaIds.some((id) => !media.get(id)?.finalized)) return { status: 400, body: invalidRequestBody('media.media_ids', 'Your media IDs are invalid.') };
    if (replyTo !== undefined && !tweets.some((t) => t.id === replyTo && !t.deleted)) {
      return {
        status: 403,
        body: { detail: 'You attempted to reply to a Tweet that is deleted or not visible to you.', type: 'about:blank', title: 'Forbidden', status: 403 },
      };
    }
    if (tweets.some((t) => !t.deleted && t.sentText === text)) return { status: 403, body: duplicateBody() };
    const tweet = storeTweet(text, replyTo, mediaIds, new Date());
    return { status: 201, body: { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } } };
  };

  const userTimeline = (id: string, query: URLSearchParams): HandlerResult => {
    const maxResults = Number(query.get('max_results') ?? '10');
    if (!Number.isInteger(maxResults) || maxResults < 5 || maxResults > 100) {
      return { status: 400, body: invalidRequestBody('max_results', `The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`) };
    }
    const startTime = query.get('start_time');
    if (startTime !== null && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(startTime)) {
      return { status: 400, body: invalidRequestBody('start_time', `Invalid start_time: ${startTime}`) };
    }
    const fields = new Set((query.get('tweet.fields') ?? '').split(',').filter(Boolean));
    const since = startTime === null ? 0 : Date.parse(startTime);
    const own = id === user.id ? tweets.filter((t) => !t.deleted && Date.parse(t.createdAt) >= since) : [];
    const newestFirst = [...own].reverse();
    const offset = Number(query.get('pagination_token') ?? '0');
    const page = newestFirst.slice(offset, offset + maxResults);
    if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
    const next = offset + maxResults < newestFirst.length ? String(offset + maxResults) : undefined;
    return {
      status: 200,
      body: {
        data: page.map((t) => ({
          id: t.id,
          text: t.text,
          edit_history_tweet_ids: [t.id],
          ...(fields.has('created_at') ? { created_at: t.createdAt } : {}),
          ...(fields.has('referenced_tweets') && t.replyTo !== undefined ? { referenced_tweets: [{ type: 'replied_to', id: t.replyTo }] } : {}),
        })),
        meta: {
          result_count: page.length,
          newest_id: page[0]?.id,
          oldest_id: page.at(-1)?.id,
          ...(next ? { next_token: next } : {}),
        },
      },
    };
  };

  const initializeUpload = (body: unknown): HandlerResult => {
    const request = isObject(body) ? body : {};
    if (typeof request.media_type !== 'string' || typeof request.total_bytes !== 'number') {
      return { status: 400, body: invalidRequestBody('media_type', 'media_type and total_bytes are required') };
    }
    const id = snowflake();
    media.set(id, { id, mediaKey: `3_${id}`, mediaType: request.media_type, totalBytes: request.total_bytes, segments: new Map(), finalized: false });
    return { status: 200, body: { data: { id, media_key: `3_${id}`, expires_after_secs: 86400 } } };
  };

  const appendUpload = (id: string, parsed: Awaited<ReturnType<typeof parseBody>>): HandlerResult => {
    const item = media.get(id);
    if (!item || parsed.type !== 'multipart') return { status: 400, body: invalidRequestBody('id', 'unknown media id or not multipart') };
    const index = Number(parsed.fields.get('segment_index')?.[0]);
    const chunk = parsed.files.get('media')?.bytes;
    if (!chunk || !Number.isInteger(index)) return { status: 400, body: invalidRequestBody('media', 'media and segment_index are required') };
    item.segments.set(index, chunk);
    return { status: 200, body: { meta: {} } };
  };

  const finalizeUpload = (id: string): HandlerResult => {
    const item = media.get(id);
    if (!item) return { status: 400, body: invalidRequestBody('id', 'unknown media id') };
    const size = mediaBytes(item).length;
    if (size !== item.totalBytes) return { status: 400, body: invalidRequestBody('id', `Segments do not add up to provided total file size.`) };
    item.finalized = true;
    return { status: 200, body: { data: { id, media_key: item.mediaKey, size, expires_after_secs: 86400 } } };
  };

  const mediaMetadata = (body: unknown): HandlerResult => {
    const request = isObject(body) ? body : {};
    const id = typeof request.id === 'string' ? request.id : '';
    const item = media.get(id);
    const altText = isObject(request.metadata) && isObject(request.metadata.alt_text) ? request.metadata.alt_text.text : undefined;
    if (!item || typeof altText !== 'string') return { status: 400, body: invalidRequestBody('id', 'unknown media id or missing alt_text') };
    item.altText = altText;
    return { status: 200, body: { data: { id, associated_metadata: { alt_text: { text: altText } } } } };
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      sendJson(res, 500, { title: 'Internal Error', detail: String(error), type: 'about:blank', status: 500 });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    user,
    tweets,
    media,
    requests,
    fail: (method, path, fault, times = 1) => faults.add(method, path, fault, times),
    seedTweet: ({ text, createdAt, replyTo }) => storeTweet(text, replyTo, [], createdAt),
    liveTweets: () => tweets.filter((t) => !t.deleted),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function mediaBytes(item: FakeXMedia): Buffer {
  return Buffer.concat([...item.segments.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk));
}

/** X's storage: every link becomes a 23-character t.co link; &, <, > come back as entities. */
function storedText(text: string): string {
  return text
    .replace(/https?:\/\/\S+/gi, () => `https://t.co/${randomBytes(8).toString('base64url').slice(0, 10)}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 5849 HMAC-SHA1 over the URL this server was asked for (JSON and multipart bodies are not signed). */
function verifyOAuth(req: IncomingMessage, url: URL, method: string, credentials: FakeXCredentials): boolean {
  const header = req.headers.authorization ?? '';
  if (!header.startsWith('OAuth ')) return false;
  const oauth = new Map<string, string>();
  for (const match of header.slice(6).matchAll(/([\w%]+)="([^"]*)"/g)) {
    oauth.set(decodeURIComponent(match[1] ?? ''), decodeURIComponent(match[2] ?? ''));
  }
  const signature = oauth.get('oauth_signature');
  if (!signature || oauth.get('oauth_consumer_key') !== credentials.apiKey || oauth.get('oauth_token') !== credentials.accessToken) return false;
  const params: [string, string][] = [];
  for (const [key, value] of oauth) if (key !== 'oauth_signature' && key !== 'realm') params.push([percentEncode(key), percentEncode(value)]);
  for (const [key, value] of url.searchParams) params.push([percentEncode(key), percentEncode(value)]);
  params.sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1));
  const baseUrl = `${url.protocol}//${url.host.toLowerCase()}${url.pathname}`;
  const base = [method.toUpperCase(), percentEncode(baseUrl), percentEncode(params.map(([k, v]) => `${k}=${v}`).join('&'))].join('&');
  const key = `${percentEncode(credentials.apiSecret)}&${percentEncode(credentials.accessSecret)}`;
  return createHmac('sha1', key).update(base).digest('base64') === signature;
}

function fieldsObject(fields: Map<string, string[]>): Record<string, string> {
  return Object.fromEntries([...fields].map(([k, v]) => [k, v.join(',')]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
