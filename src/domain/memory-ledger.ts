import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from './delivery.js';

/** The ledger `crier send` and tests use: one post, one process. */
export class MemoryLedger implements DeliveryLedger {
  private readonly map = new Map<number, LedgerEntry>();

  async entries(): Promise<Map<number, LedgerEntry>> {
    return new Map([...this.map].map(([k, v]) => [k, structuredClone(v)]));
  }

  async prepare(index: number, data: JsonObject): Promise<JsonObject> {
    const entry = this.map.get(index) ?? {};
    entry.prepared ??= structuredClone(data);
    this.map.set(index, entry);
    return structuredClone(entry.prepared);
  }

  async release(index: number): Promise<void> {
    const entry = this.map.get(index);
    if (entry && !entry.delivered) delete entry.prepared;
  }

  async delivered(part: DeliveredPart): Promise<void> {
    const entry = this.map.get(part.index) ?? {};
    entry.delivered = structuredClone(part);
    this.map.set(part.index, entry);
  }
}
