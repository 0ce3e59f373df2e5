import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from '../domain/delivery.js';
import { DrainingError } from '../domain/errors/index.js';
import type { HashFields } from '../posts/post-store.js';
import { deliveredField, ledgerEntriesOf, type RedisLedger } from '../posts/redis-ledger.js';

/**
 * A publish job's view of its post's ledger, saving round trips without changing what is recorded:
 * - the entries come from the read the job made together with its post;
 * - the final part's "delivered" record is held so the publish transition writes it in the same
 *   step (`alsoSet`); on any other way out the job writes it with `flush()` before it reads the
 *   ledger, so a part that went out is never forgotten;
 * - draining: adapters call prepare() before a part's first attempt, so refusing there lets the
 *   part in flight finish and sends nothing new, without every adapter knowing about shutdown.
 */
export class JobLedger implements DeliveryLedger {
  private preloaded: Map<number, LedgerEntry> | undefined;
  private held: DeliveredPart | undefined;

  constructor(
    private readonly inner: RedisLedger,
    private readonly options: { fields: Record<string, string>; finalIndex: number; draining: () => boolean },
  ) {
    this.preloaded = ledgerEntriesOf(options.fields);
  }

  async entries(): Promise<Map<number, LedgerEntry>> {
    const preloaded = this.preloaded;
    this.preloaded = undefined;
    if (preloaded) return preloaded;
    const entries = await this.inner.entries();
    // A held part went out: whoever reads the ledger now must see it.
    if (this.held) entries.set(this.held.index, { ...entries.get(this.held.index), delivered: this.held });
    return entries;
  }

  async prepare(index: number, data: JsonObject): Promise<JsonObject> {
    if (this.options.draining()) throw new DrainingError(`worker is draining; part ${index} left for the next worker`);
    return this.inner.prepare(index, data);
  }

  async delivered(part: DeliveredPart): Promise<void> {
    this.preloaded = undefined;
    if (part.index === this.options.finalIndex) this.held = part;
    else await this.inner.delivered(part);
  }

  /** Never refused while draining: clearing an in-flight mark after a certain refusal must always go through. */
  async release(index: number): Promise<void> {
    await this.inner.release(index);
  }

  /** The held final part as fields for the publish transition to set; it stays held until flush() or that write. */
  heldFields(): HashFields | undefined {
    if (!this.held) return undefined;
    const { field, value } = deliveredField(this.held);
    return { key: this.inner.key, fields: { [field]: value } };
  }

  /** The publish transition wrote the held part. */
  written(): void {
    this.held = undefined;
  }

  /** Writes a held part the publish transition did not. */
  async flush(): Promise<void> {
    if (!this.held) return;
    await this.inner.delivered(this.held);
    this.held = undefined;
  }
}
