import { describe, expect, it } from 'vitest';
import { defaultResetAt, parseRetryAfter } from '../../../src/platforms/http/retry-after.js';

const now = new Date('2025-08-25T06:00:00.000Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds, including fractions', () => {
    expect(parseRetryAfter('30', now)?.toISOString()).toBe('2025-08-25T06:00:30.000Z');
    expect(parseRetryAfter('1.25', now)?.toISOString()).toBe('2025-08-25T06:00:01.250Z');
  });

  it('reads an HTTP-date', () => {
    expect(parseRetryAfter('Mon, 25 Aug 2025 06:05:00 GMT', now)?.toISOString()).toBe('2025-08-25T06:05:00.000Z');
  });

  it('gives undefined for absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });

  it('defaults to a minute', () => {
    expect(defaultResetAt(now).toISOString()).toBe('2025-08-25T06:01:00.000Z');
  });
});
