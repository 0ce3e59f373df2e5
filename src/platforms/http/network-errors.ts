/**
 * The one answer to "could this request have reached the platform?" for a failure without an HTTP
 * answer. It decides TransientError (retry freely) against AmbiguousOutcomeError (a retry may
 * double-post), so every adapter must ask the same question the same way.
 *
 * Only failures that happen before the first request byte can be written count: name resolution,
 * the local end refusing to bind, the connection or TLS handshake not completing. A reset, a read
 * timeout or an abort can come after the platform acted, so they are never on this list.
 */
const NEVER_LEFT_CODES: ReadonlySet<string> = new Set([
  // DNS
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'EAI_NONAME',
  // connect(2)
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EADDRINUSE',
  // undici: the TCP (and TLS) handshake did not finish within connectTimeout
  'UND_ERR_CONNECT_TIMEOUT',
  // TLS refused the peer's certificate before anything was sent
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
]);

const MAX_DEPTH = 8;

/**
 * The first system or undici error code on the error or its `cause` chain (fetch wraps socket
 * errors in `TypeError: fetch failed`). Node's happy-eyeballs connect throws an AggregateError,
 * whose own code is read first and then its first inner error's.
 */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_DEPTH && typeof current === 'object' && current !== null; depth++) {
    const code: unknown = Reflect.get(current, 'code');
    if (typeof code === 'string' && code !== '') return code;
    if (current instanceof AggregateError && current.errors.length > 0) {
      current = current.errors[0];
      continue;
    }
    current = Reflect.get(current, 'cause');
  }
  return undefined;
}

/** True when the failure proves no byte of the request reached the server. */
export function requestNeverLeft(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && NEVER_LEFT_CODES.has(code);
}

/** Whether a code is one of the "never left" codes (for callers that already extracted it). */
export function isNeverLeftCode(code: string | undefined): boolean {
  return code !== undefined && NEVER_LEFT_CODES.has(code);
}
