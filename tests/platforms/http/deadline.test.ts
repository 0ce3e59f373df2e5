import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { deadline } from '../../../src/platforms/http/deadline.js';

describe('deadline', () => {
  it('aborts with a TimeoutError when the time runs out', async () => {
    const call = deadline(20);
    await new Promise<void>((resolve) => call.signal.addEventListener('abort', () => resolve(), { once: true }));
    expect(call.timedOut()).toBe(true);
    expect((call.signal.reason as DOMException).name).toBe('TimeoutError');
    call.release();
  });

  it("follows the caller's abort, with the caller's reason, and is not a timeout", () => {
    const outer = new AbortController();
    const call = deadline(60_000, outer.signal);
    outer.abort(new Error('stop'));
    expect(call.signal.aborted).toBe(true);
    expect((call.signal.reason as Error).message).toBe('stop');
    expect(call.timedOut()).toBe(false);
    call.release();
  });

  it('starts aborted when the caller already aborted', () => {
    const outer = AbortSignal.abort(new Error('already'));
    const call = deadline(60_000, outer);
    expect(call.signal.aborted).toBe(true);
    call.release();
  });

  it("lets go of the caller's signal and its clock once released, so nothing of the call stays reachable", () => {
    const outer = new AbortController();
    const call = deadline(60_000, outer.signal);
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(1);
    call.release();
    expect(getEventListeners(outer.signal, 'abort')).toHaveLength(0);
    outer.abort();
    expect(call.signal.aborted).toBe(false);
    expect(call.timedOut()).toBe(false);
  });
});
