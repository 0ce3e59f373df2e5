import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** zod's issues as `{ field, message }`, the same shape the article intake uses. */
export class BodyError extends Error {
  constructor(readonly issues: { field: string; message: string }[]) {
    super(`invalid request: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`);
  }
}

export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw new BodyError(result.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })));
}

export function jsonBody(request: FastifyRequest): unknown {
  if (typeof request.body !== 'string' || request.body.trim() === '') return {};
  try {
    return JSON.parse(request.body) as unknown;
  } catch {
    throw new BodyError([{ field: '(root)', message: 'body is not valid JSON' }]);
  }
}
