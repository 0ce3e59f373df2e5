import type { DeliveredPart, DeliveryLedger, JsonObject, LedgerEntry } from '../domain/delivery.js';
import { ClaimLostError, DrainingError } from '../domain/errors/index.js';
import type { PostRecord } from '../posts/post.js';
import type { HashFields } from '../posts/post-store.js';
import { deliveredField, ledgerEntriesOf, preparedField, type RedisLedger } from '../posts/redis-ledger.js';

/**
 * Claims the post (scheduled → publishing, from the job's snapshot) in the same step as writing the
 * ledger's first field; the claimed record, or why not (see PostStore.transitionFrom).
 */
export type ClaimWithFirst = (first: { key: string; field: string; value: string }) => Promise<PostRecord | 'stale' | 'ledger'>;

/**
 * A publish job's view of its post's ledger, saving round trips without changing what is recorded:
 * - the entries come from the read the job made together with its post;
 * - the final part's "delivered" record is held so the publish transition writes it in the same
 *   step (`alsoSet`); on any other way out the job writes it with `flush()` before it reads the
 *   ledger, so a part that went out is never forgotten;
 * - draining: adapters call prepare() before a part's first attempt, so refusing there lets the
 *   part in flight finish and sends nothing new, without every adapter knowing about shutdown;
 * - with `claimWithFirst` (a job's first attempt from its snapshot), the ledger is taken to be
 *   empty and the first prepare() claims the post in the same step, which checks both: a post that
 *   changed, or a ledger that is not empty after all, is a ClaimLostError before anything is sent.
 */
export class JobLedger implements DeliveryLedger {
  private preloaded: Map<number, LedgerEntry> | undefined;
  private held: DeliveredPart | undefined;
  private claimWithFirst: ClaimWithFirst | undefined;
  private claimedRecord: PostRecord | undefined;
  private lost = false;

  constructor(
    private readonly inner: RedisLedger,
    private readonly options: { fields: Record<string, string>; finalIndex: number; draining: () => boolean; claimWithFirst?: ClaimWithFirst },
  ) {
    this.preloaded = ledgerEntriesOf(options.fields);
    this.claimWithFirst = options.claimWithFirst;
  }

  /** The post as the first prepare() claimed it; undefined before, or when it was claimed beforehand. */
  get claimed(): PostRecord | undefined {
    return this.claimedRecord;
  }

  /** The claim made with the first prepare() was refused: nothing was written or sent. */
  get claimLost(): boolean {
    return this.lost;
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
    const claim = this.claimWithFirst;
    if (!claim) return this.inner.prepare(index, data);
    this.claimWithFirst = undefined;
    const first = preparedField(index, data);
    const outcome = await claim({ key: this.inner.key, ...first });
    if (outcome === 'stale' || outcome === 'ledger') {
      this.lost = true;
      throw new ClaimLostError(`post ${this.inner.postId} ${outcome === 'stale' ? 'changed since its job was queued' : 'has ledger records'}; nothing sent`);
    }
    this.claimedRecord = outcome;
    // What the ledger now holds, as RedisLedger.prepare would return it.
    return JSON.parse(first.value) as JsonObject;
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
