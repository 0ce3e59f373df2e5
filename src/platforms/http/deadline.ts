/** A signal for one call: it aborts when the time is up or when the caller's signal does. */
export interface Deadline {
  signal: AbortSignal;
  /** True when it was the time that ran out, not the caller who aborted. */
  timedOut(): boolean;
  /** The call is over: stops the clock and lets go of the caller's signal. */
  release(): void;
}

/**
 * Why not `AbortSignal.any([AbortSignal.timeout(ms), signal])`: on Node 20 a combined signal stays
 * reachable from its sources until one of them aborts, and the timeout's cannot be cleared, so each
 * call's signal, its listeners and the request and buffers they hold lived for the whole timeout.
 * At 150 posts a second with 30 s timeouts that was the worker's peak memory.
 */
export function deadline(timeoutMs: number, outer?: AbortSignal): Deadline {
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  const follow = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) follow();
  else outer?.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => expired,
    release() {
      clearTimeout(timer);
      outer?.removeEventListener('abort', follow);
    },
  };
}
