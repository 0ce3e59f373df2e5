import type { PlatformId } from './platform.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A part that the platform accepted. `ref` carries what a reply to it needs (Bluesky uri+cid). */
export interface DeliveredPart {
  index: number;
  remoteId: string;
  url?: string;
  ref?: JsonObject;
}

export interface LedgerEntry {
  /** Written before the part's first attempt: whatever makes a retry identical (record + rkey, idempotency key). */
  prepared?: JsonObject;
  delivered?: DeliveredPart;
}

/**
 * The delivery ledger of one post. Adapters write each part here before sending the next;
 * whatever is recorded as delivered is never sent again. `crier send` keeps it in memory,
 * the pipeline in Redis.
 */
export interface DeliveryLedger {
  entries(): Promise<Map<number, LedgerEntry>>;
  /**
   * Stores `data` unless the part already has a prepared entry, and returns what is stored. The
   * caller must send what this returns, not its own `data`: when two attempts race (a stalled job
   * taken over while the first still runs), both then go on with the first one's record or
   * idempotency key, and the platform sees one request twice instead of two requests.
   */
  prepare(index: number, data: JsonObject): Promise<JsonObject>;
  delivered(part: DeliveredPart): Promise<void>;
  /**
   * Forgets a part's prepared data when the platform definitely refused it (an error answer, a
   * refused connection), so the next attempt may send it afresh. Never called after an ambiguous
   * outcome; a part already delivered keeps its entry.
   */
  release(index: number): Promise<void>;
}

export interface DeliveryResult {
  platform: PlatformId;
  account: string;
  parts: DeliveredPart[];
  /** URL of the first part: what a person opens to see the post. */
  url?: string;
}
