import type { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';

/** A promise and the function that settles it: for waits on something a test's own loop notices. */
export function deferred<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Resolves once `check()` holds, looking again each time `emitter` emits one of `events` (never on
 * a timer), and fails after `timeoutMs` saying what it waited for.
 */
export function untilEvent(emitter: EventEmitter, events: string[], check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  if (check()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const look = () => {
      if (!check()) return;
      off();
      resolve();
    };
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${what}`));
    }, timeoutMs);
    const off = () => {
      clearTimeout(timer);
      for (const e of events) emitter.off(e, look);
    };
    for (const e of events) emitter.on(e, look);
  });
}

/** Waits for an ioredis client to see its server gone (`down`) or to be ready again (`ready`), by its own events. */
export function untilClient(client: Redis, want: 'down' | 'ready', timeoutMs = 20_000): Promise<void> {
  return want === 'ready'
    ? untilEvent(client, ['ready'], () => client.status === 'ready', 'the Redis client to be ready', timeoutMs)
    : untilEvent(client, ['close', 'end', 'reconnecting', 'error'], () => client.status !== 'ready', 'the Redis client to lose its server', timeoutMs);
}
