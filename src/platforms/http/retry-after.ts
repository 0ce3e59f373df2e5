/**
 * Reads a Retry-After value, which RFC 9110 allows as delay-seconds or an HTTP-date. Fractional
 * seconds are accepted because Discord sends them. Returns undefined when the value is absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date = new Date()): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return new Date(now.getTime() + Math.ceil(Number(trimmed) * 1000));
  // HTTP-dates in all three RFC 9110 forms start with a day name; Date.parse alone accepts far too much ("-5").
  if (!/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : new Date(date);
}

/** When neither headers nor body say when to come back, a minute is the conventional guess. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

export function defaultResetAt(now: Date = new Date()): Date {
  return new Date(now.getTime() + DEFAULT_RATE_LIMIT_WAIT_MS);
}
