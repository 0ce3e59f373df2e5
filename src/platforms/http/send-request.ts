import { request as undiciRequest, type Dispatcher } from 'undici';
import { AmbiguousOutcomeError, TransientError } from '../../domain/errors/index.js';
import { networkErrorCode, requestNeverLeft } from './network-errors.js';
import { tag, type ErrorContext } from './status-errors.js';
import { deadline } from './deadline.js';

/** Text or bytes go as given; a form goes urlencoded and FormData as multipart, each with its own content-type. */
export type HttpBody = string | Uint8Array | URLSearchParams | FormData;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE' | 'PUT';
  url: string;
  headers?: Record<string, string>;
  body?: HttpBody;
  timeoutMs: number;
  signal?: AbortSignal;
  /**
   * Sending it twice does no harm (a read, a delete, an upload nothing shows yet), so a lost answer
   * is a TransientError to retry freely rather than an AmbiguousOutcomeError.
   */
  repeatable?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * Sends one request and reads the whole answer, with undici's `request` rather than `fetch`: fetch
 * wraps each call in WHATWG Request, Response and stream objects, about twice the CPU per request,
 * which every post of every platform pays. Network failures become crier errors: a failure to
 * connect is a TransientError (nothing was sent), anything later (timeout, reset, abort) an
 * AmbiguousOutcomeError, since the platform may have acted on the request, unless the request is
 * `repeatable`. Redirects are answers, not followed: a followed one would carry the token or the
 * webhook's body to wherever the Location points. `what` names the call in messages (e.g.
 * "telegram sendMessage"); the URL never appears, because for webhooks and bots it carries the
 * secret. For the same reason the underlying error is not attached as `cause`.
 */
export async function sendRequest(request: HttpRequest, what: string, context: ErrorContext): Promise<HttpResponse> {
  const call = deadline(request.timeoutMs, request.signal);
  const signal = call.signal;
  try {
    const response = await undiciRequest(request.url, {
      method: request.method,
      headers: headersFor(request),
      body: request.body instanceof URLSearchParams ? request.body.toString() : request.body,
      signal,
      maxRedirections: 0,
    });
    const text = await response.body.text();
    return { status: response.statusCode, headers: webHeaders(response.headers), text };
  } catch (err) {
    const code = networkErrorCode(err);
    if (requestNeverLeft(err)) {
      throw tag(new TransientError(`${what} could not connect (${code})`), context);
    }
    const reason = call.timedOut() ? `timed out after ${request.timeoutMs} ms` : signal.aborted ? 'was aborted' : `failed (${code ?? 'connection lost'})`;
    if (request.repeatable) throw tag(new TransientError(`${what} ${reason}`), context);
    throw tag(new AmbiguousOutcomeError(`${what} ${reason}; the platform may have acted on it`), context);
  } finally {
    call.release();
  }
}

/** A form's content-type, as fetch would set it; FormData gets its boundary from undici itself. */
function headersFor(request: HttpRequest): Record<string, string> | undefined {
  if (!(request.body instanceof URLSearchParams)) return request.headers;
  const given = Object.keys(request.headers ?? {}).some((name) => name.toLowerCase() === 'content-type');
  return given ? request.headers : { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8', ...request.headers };
}

/** Callers read headers case-insensitively (`get`), as they did when this client was fetch. */
export function webHeaders(raw: Dispatcher.ResponseData['headers']): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  return headers;
}

/** Parses a JSON body, or undefined when it is not JSON (error pages from proxies). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
