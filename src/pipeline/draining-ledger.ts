import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from '../domain/delivery.js';
import { DrainingError } from '../domain/errors/index.js';

/**
 * Stops a thread between parts when the worker drains: adapters call prepare() before a part's
 * first attempt, so refusing there lets the part in flight finish and sends nothing new, without
 * every adapter having to know about shutdown.
 */
export class DrainingLedger implements DeliveryLedger {
  constructor(
    private readonly inner: DeliveryLedger,
    private readonly draining: () => boolean,
  ) {}

  entries(): Promise<Map<number, LedgerEntry>> {
    return this.inner.entries();
  }

  async prepare(index: number, data: JsonObject): Promise<JsonObject> {
    if (this.draining()) throw new DrainingError(`worker is draining; part ${index} left for the next worker`);
    return this.inner.prepare(index, data);
  }

  delivered(part: DeliveredPart): Promise<void> {
    return this.inner.delivered(part);
  }

  /** Never refused while draining: clearing an in-flight mark after a certain refusal must always go through. */
  async release(index: number): Promise<void> {
    await this.inner.release(index);
  }
}
