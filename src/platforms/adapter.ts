import type { DeliveredPart, DeliveryLedger, DeliveryResult } from '../domain/delivery.js';
import type { Draft } from '../domain/draft.js';
import type { PlatformId } from '../domain/platform.js';

export interface PostOptions {
  signal?: AbortSignal;
}

/**
 * One account on one platform. `post` delivers a whole Draft part by part through the ledger:
 * it skips parts recorded as delivered, replies to the last one, and before a part's first attempt
 * records (ledger.prepare) whatever makes a retry safe. Errors leave as crier's DeliveryError classes.
 */
export interface PlatformAdapter {
  readonly platform: PlatformId;
  readonly account: string;
  post(draft: Draft, ledger: DeliveryLedger, options?: PostOptions): Promise<DeliveryResult>;
  delete(part: DeliveredPart): Promise<void>;
  /** Releases sockets and timers; the adapter is not used afterwards. */
  close?(): Promise<void>;
}
