import { mapMastodonNetworkError, mapMastodonResponse } from './errors.js';

export interface MastodonRequest {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: URLSearchParams | FormData;
  headers?: Record<string, string>;
  /** The request creates something (a status): a lost answer is then ambiguous. */
  mutating?: boolean;
  partIndex?: number;
  signal?: AbortSignal;
}

export interface MastodonAnswer {
  status: number;
  body: unknown;
}

export interface MastodonConnection {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
}

/**
 * One HTTP call to the instance with the Bearer token and a timeout. Answers below 400 are
 * returned (callers need 200 vs 202 vs 206); anything else leaves as a crier DeliveryError.
 * A caller's own abort propagates as is.
 */
export async function mastodonRequest(connection: MastodonConnection, request: MastodonRequest): Promise<MastodonAnswer> {
  const timeout = AbortSignal.timeout(connection.timeoutMs);
  const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(new URL(request.path, connection.baseUrl), {
      method: request.method,
      headers: { authorization: `Bearer ${connection.accessToken}`, accept: 'application/json', ...request.headers },
      ...(request.body ? { body: request.body } : {}),
      signal,
    });
    const text = await response.text();
    body = parseJson(text);
  } catch (error) {
    if (request.signal?.aborted) throw request.signal.reason;
    throw mapMastodonNetworkError(error, {
      mutating: request.mutating ?? false,
      timedOut: timeout.aborted,
      ...(request.partIndex !== undefined ? { partIndex: request.partIndex } : {}),
    });
  }
  if (response.status >= 400) throw mapMastodonResponse(response.status, body, response.headers, request.partIndex);
  return { status: response.status, body };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Proxies in front of an instance answer 502/503 with HTML.
    return text;
  }
}
