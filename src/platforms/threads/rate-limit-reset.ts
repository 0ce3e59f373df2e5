import { defaultResetAt } from '../http/retry-after.js';

/**
 * Meta's usage headers (x-business-use-case-usage, x-app-usage) carry JSON in which
 * `estimated_time_to_regain_access` is minutes until calls are allowed again. The largest wins;
 * without any, a minute.
 */
export function threadsResetAt(headers: Headers, now: Date = new Date()): Date {
  let minutes: number | undefined;
  for (const name of ['x-business-use-case-usage', 'x-app-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      collect(JSON.parse(raw) as unknown, (m) => {
        minutes = Math.max(minutes ?? 0, m);
      });
    } catch {
      // An unreadable header is no worse than a missing one.
    }
  }
  return minutes !== undefined && minutes > 0 ? new Date(now.getTime() + minutes * 60_000) : defaultResetAt(now);
}

function collect(value: unknown, found: (minutes: number) => void): void {
  if (Array.isArray(value)) {
    for (const v of value) collect(v, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'estimated_time_to_regain_access' && typeof v === 'number') found(v);
      else collect(v, found);
    }
  }
}
