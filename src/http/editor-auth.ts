import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** Bearer token from EDITOR_TOKEN; compared in constant time, never echoed. */
export function editorAuth(token: string | undefined) {
  const expected = token ? digest(token) : undefined;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (!expected) {
      await reply.code(401).send({ error: 'unauthorized', message: 'editor API disabled: EDITOR_TOKEN is not set' });
      return;
    }
    const header = request.headers.authorization ?? '';
    // The scheme name is case-insensitive (RFC 9110).
    const given = /^bearer /i.test(header) ? header.slice(7).trim() : '';
    if (!given || !timingSafeEqual(digest(given), expected)) {
      await reply.code(401).send({ error: 'unauthorized', message: 'missing or wrong bearer token' });
    }
  };
}

/** Who made a change, for the audit trail: the X-Editor header, else "editor". */
export function editorName(request: FastifyRequest): string {
  const raw = request.headers['x-editor'];
  const name = (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, 100);
  return `editor:${name && /^[\p{L}\p{N}._@ -]+$/u.test(name) ? name : 'unknown'}`;
}
