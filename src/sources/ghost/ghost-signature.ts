import { createHmac, timingSafeEqual } from 'node:crypto';
import { SourceSignatureError } from '../../domain/errors/index.js';

/** How far the signed timestamp may be from the server's clock (the same 5 minutes as crier's own intake). */
export const GHOST_TOLERANCE_MS = 300_000;

const HEADER = /^\s*sha256=([0-9a-f]{64})\s*(?:,\s*t=(\d{10,16})\s*)?$/i;

function hmacHex(secret: string, ...parts: string[]): Buffer {
  const hmac = createHmac('sha256', secret);
  for (const part of parts) hmac.update(part);
  return Buffer.from(hmac.digest('hex'), 'utf8');
}

function same(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Checks `X-Ghost-Signature: sha256=<hex>, t=<ms>`. Ghost 5 signs the raw body followed by the
 * timestamp (so `t` is covered and is held to the 5-minute window); older Ghost signs the body
 * alone (its `t` is unsigned and proves nothing, so it is not judged). Both are accepted.
 */
export function verifyGhostSignature(rawBody: string, header: string | undefined, secret: string, now = Date.now()): void {
  if (!header) throw new SourceSignatureError('missing X-Ghost-Signature header');
  const match = HEADER.exec(header);
  if (!match) throw new SourceSignatureError('malformed X-Ghost-Signature: expected "sha256=<64 hex digits>, t=<milliseconds>"');
  const given = Buffer.from(match[1]!.toLowerCase(), 'utf8');
  const timestamp = match[2];
  if (timestamp !== undefined && same(given, hmacHex(secret, rawBody, timestamp))) {
    const skew = Math.abs(now - Number(timestamp));
    if (skew > GHOST_TOLERANCE_MS) {
      throw new SourceSignatureError(`X-Ghost-Signature timestamp is ${Math.round(skew / 1000)} s from the server's clock (more than ${GHOST_TOLERANCE_MS / 1000} s)`);
    }
    return;
  }
  if (same(given, hmacHex(secret, rawBody))) return;
  throw new SourceSignatureError('X-Ghost-Signature does not match the body (wrong GHOST_WEBHOOK_SECRET, or the body was changed)');
}
