import type { z } from 'zod';
import type { FieldIssue } from '../domain/errors/index.js';

/** The type a CMS developer would name: "null", "array" and "object" rather than JavaScript's typeof. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number' && Number.isNaN(value)) return 'NaN';
  return typeof value;
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'string',
  number: 'number',
  int: 'whole number',
  boolean: 'boolean',
  object: 'object',
  array: 'array',
};

/**
 * Per-parse zod error map: plain messages for the generic failures ("required",
 * "expected string, got number"). Field-specific messages are set on the schema and take precedence.
 */
export const plainErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return 'required';
      if (issue.expected === 'int' && typeof issue.input === 'number') return 'must be a whole number';
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      return `expected ${expected}, got ${describeType(issue.input)}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `must be at least ${String(issue.minimum)}`;
    case 'too_big':
      return `must be at most ${String(issue.maximum)}`;
    default:
      return undefined;
  }
};

export function toFieldIssues(issues: readonly z.core.$ZodIssue[]): FieldIssue[] {
  return issues.map((i) => ({
    field: i.path.length === 0 ? '(root)' : i.path.map((p) => String(p)).join('.'),
    message: i.message,
  }));
}
