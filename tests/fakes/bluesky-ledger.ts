import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from '../../src/domain/delivery.js';
import { MemoryLedger } from '../../src/domain/memory-ledger.js';

/**
 * A MemoryLedger that can forget that a part was delivered while keeping what was prepared:
 * the state a worker leaves when it dies between the platform's answer and the ledger write.
 */
export class ForgetfulLedger implements DeliveryLedger {
  private readonly inner = new MemoryLedger();
  private readonly forgotten = new Set<number>();

  forgetDelivered(index: number): void {
    this.forgotten.add(index);
  }

  async entries(): Promise<Map<number, LedgerEntry>> {
    const entries = await this.inner.entries();
    for (const index of this.forgotten) {
      const entry = entries.get(index);
      if (entry) delete entry.delivered;
    }
    return entries;
  }

  prepare(index: number, data: JsonObject): Promise<JsonObject> {
    return this.inner.prepare(index, data);
  }

  release(index: number): Promise<void> {
    return this.inner.release(index);
  }

  async delivered(part: DeliveredPart): Promise<void> {
    this.forgotten.delete(part.index);
    await this.inner.delivered(part);
  }
}
