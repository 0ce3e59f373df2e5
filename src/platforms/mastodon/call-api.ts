import { parseJson, sendRequest } from '../http/send-request.js';
import { mapMastodonResponse } from './errors.js';

export interface MastodonConnection {
  baseUrl: string;
  accessToken: string;
  timeoutMs: number;
}

export interface MastodonCall {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  body?: URLSearchParams | FormData;
  headers?: Record<string, string>;
  /** Whether a lost answer may simply be retried (see HttpRequest.repeatable); every call says so. */
  repeatable: boolean;
  partIndex: number;
  signal?: AbortSignal;
}

export interface MastodonAnswer {
  status: number;
  body: unknown;
}

/**
 * One call to the instance's API through the shared client, with the Bearer token. 2xx answers are
 * returned (callers need 200 vs 202 vs 206); anything else leaves as a crier DeliveryError, a
 * redirect included: the token is not carried to another host, and a moved instance is a
 * configuration to fix. The path resolves against the instance's origin, as Mastodon serves its
 * API there whatever path the configured URL has.
 */
export async function callMastodon(connection: MastodonConnection, call: MastodonCall): Promise<MastodonAnswer> {
  const response = await sendRequest(
    {
      method: call.method,
      url: new URL(call.path, connection.baseUrl).toString(),
      headers: { authorization: `Bearer ${connection.accessToken}`, accept: 'application/json', ...call.headers },
      body: call.body,
      timeoutMs: connection.timeoutMs,
      signal: call.signal,
      repeatable: call.repeatable,
    },
    `mastodon ${call.method} ${call.path}`,
    { platform: 'mastodon', partIndex: call.partIndex },
  );
  const body = parseJson(response.text);
  if (response.status < 200 || response.status >= 300) throw mapMastodonResponse(response.status, body, response.headers, call.partIndex);
  return { status: response.status, body };
}
