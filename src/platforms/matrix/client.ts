import type { JsonObject } from '../../domain/delivery.js';
import { joinUrl } from '../http/options.js';
import { parseJson, sendRequest } from '../http/send-request.js';
import { matrixError } from './errors.js';

export interface MatrixConnection {
  homeserverUrl: URL;
  accessToken: string;
  timeoutMs: number;
}

export interface MatrixCall {
  method: 'GET' | 'POST' | 'PUT';
  /** Path under the homeserver URL, each variable segment already encoded. */
  path: string;
  json?: JsonObject;
  /** Bytes with their type, for a media upload. */
  raw?: { bytes: Uint8Array; type: string };
  /** Names the call in messages: "send", "upload", "redact". */
  what: string;
  partIndex: number;
  signal?: AbortSignal;
}

/**
 * One Client-Server API call through the shared sendRequest, the access token in the
 * Authorization header (never in the URL, so no query string can leak it). A 2xx answer's JSON
 * is returned; anything else leaves as the DeliveryError matrixError picks.
 */
export async function matrixCall(connection: MatrixConnection, call: MatrixCall): Promise<Record<string, unknown>> {
  const { raw, json } = call;
  const response = await sendRequest(
    {
      method: call.method,
      url: joinUrl(connection.homeserverUrl, call.path),
      headers: {
        authorization: `Bearer ${connection.accessToken}`,
        accept: 'application/json',
        ...(raw ? { 'content-type': raw.type } : json ? { 'content-type': 'application/json' } : {}),
      },
      body: raw ? raw.bytes : json ? JSON.stringify(json) : undefined,
      timeoutMs: connection.timeoutMs,
      signal: call.signal,
    },
    `matrix ${call.what}`,
    { platform: 'matrix', partIndex: call.partIndex },
  );
  if (response.status < 200 || response.status >= 300) throw matrixError(response, call.what, call.partIndex, connection.accessToken);
  const answer = parseJson(response.text);
  return typeof answer === 'object' && answer !== null && !Array.isArray(answer) ? (answer as Record<string, unknown>) : {};
}

/** `/_matrix/client/v3/rooms/{roomId}/…` with the room id encoded (it starts with `!`, and older ones carry `:server`). */
export function roomPath(roomId: string, ...rest: string[]): string {
  return ['_matrix/client/v3/rooms', encodeURIComponent(roomId), ...rest.map(encodeURIComponent)].join('/');
}
