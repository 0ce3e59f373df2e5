import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Fault injection shared by the loopback platform fakes. A fake asks `take(method, path)` for
 * each request; a fault scheduled for that route answers instead of (or after) the normal handler.
 *
 * - `respond`: answer with this status, headers and JSON body; nothing is stored.
 * - `drop`: close the connection before doing anything (the platform never saw the request).
 * - `acceptThenDrop`: do the work (store the post), then close the connection without answering.
 * - `acceptThenHang`: do the work, then never answer; the client's timeout fires.
 * - `delay`: do the work and answer normally after `ms`.
 */
export type Fault =
  | { kind: 'respond'; status: number; body?: unknown; headers?: OutgoingHttpHeaders }
  | { kind: 'drop' }
  | { kind: 'acceptThenDrop' }
  | { kind: 'acceptThenHang' }
  | { kind: 'delay'; ms: number };

interface Scheduled {
  method: string;
  path: string | RegExp;
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private readonly scheduled: Scheduled[] = [];

  /** The next `times` requests matching method and path (exact string or RegExp) get `fault`. */
  add(method: string, path: string | RegExp, fault: Fault, times = 1): void {
    this.scheduled.push({ method: method.toUpperCase(), path, fault, remaining: times });
  }

  take(method: string, path: string): Fault | undefined {
    const index = this.scheduled.findIndex(
      (s) => s.method === method.toUpperCase() && (typeof s.path === 'string' ? s.path === path : s.path.test(path)),
    );
    const found = this.scheduled[index];
    if (!found) return undefined;
    found.remaining -= 1;
    if (found.remaining <= 0) this.scheduled.splice(index, 1);
    return found.fault;
  }

  clear(): void {
    this.scheduled.length = 0;
  }
}

export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: OutgoingHttpHeaders;
}

/**
 * Runs a fake's handler under a fault (or none) and writes the answer. Returns nothing: the
 * fault decides whether the socket gets an answer at all.
 */
export async function answerWithFault(
  req: IncomingMessage,
  res: ServerResponse,
  fault: Fault | undefined,
  handle: () => Promise<HandlerResult> | HandlerResult,
  commonHeaders: OutgoingHttpHeaders = {},
): Promise<void> {
  if (fault?.kind === 'drop') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'respond') {
    sendJson(res, fault.status, fault.body, { ...commonHeaders, ...fault.headers });
    return;
  }
  const result = await handle();
  if (fault?.kind === 'acceptThenDrop') {
    req.socket.destroy();
    return;
  }
  if (fault?.kind === 'acceptThenHang') return;
  if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
  sendJson(res, result.status, result.body, { ...commonHeaders, ...result.headers });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  if (res.destroyed || res.headersSent) return;
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

export async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export type ParsedBody =
  | { type: 'none' }
  | { type: 'json'; value: unknown }
  | { type: 'form'; fields: Map<string, string[]> }
  | { type: 'multipart'; fields: Map<string, string[]>; files: Map<string, MultipartFile> };

/** A multipart part with a filename, or any part whose bytes must stay binary. */
export interface MultipartFile {
  name?: string;
  type?: string;
  bytes: Buffer;
}

/** JSON, urlencoded and multipart bodies, parsed with the platform's own Request/FormData. */
export async function parseBody(req: IncomingMessage, raw: Buffer): Promise<ParsedBody> {
  const contentType = req.headers['content-type'] ?? '';
  if (raw.length === 0) return { type: 'none' };
  if (contentType.startsWith('application/json')) {
    return { type: 'json', value: JSON.parse(raw.toString('utf8')) as unknown };
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    const fields = new Map<string, string[]>();
    for (const [key, value] of new URLSearchParams(raw.toString('utf8'))) {
      fields.set(key, [...(fields.get(key) ?? []), value]);
    }
    return { type: 'form', fields };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
    return parseMultipart(raw, boundary?.[1] ?? boundary?.[2] ?? '');
  }
  return { type: 'json', value: raw.toString('utf8') };
}

/**
 * Binary-safe multipart/form-data parsing. Every part is kept as bytes in `files` (clients such as
 * twitter-api-v2 send binary chunks as plain fields without a filename); parts without a filename
 * are also given as UTF-8 text in `fields`.
 */
export function parseMultipart(raw: Buffer, boundary: string): ParsedBody & { type: 'multipart' } {
  const fields = new Map<string, string[]>();
  const files = new Map<string, MultipartFile>();
  const delimiter = Buffer.from(`--${boundary}`);
  let position = raw.indexOf(delimiter);
  while (position !== -1) {
    const start = position + delimiter.length;
    if (raw.subarray(start, start + 2).toString() === '--') break;
    const headerEnd = raw.indexOf('\r\n\r\n', start);
    const next = raw.indexOf(delimiter, headerEnd);
    if (headerEnd === -1 || next === -1) break;
    const headers = raw.subarray(start + 2, headerEnd).toString('utf8');
    const bytes = raw.subarray(headerEnd + 4, next - 2);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1]?.trim();
    files.set(name, { bytes: Buffer.from(bytes), ...(filename !== undefined ? { name: filename } : {}), ...(type ? { type } : {}) });
    if (filename === undefined) fields.set(name, [...(fields.get(name) ?? []), bytes.toString('utf8')]);
    position = next;
  }
  return { type: 'multipart', fields, files };
}
