import type { DeliveredPart, DeliveryLedger, DeliveryResult } from '../domain/delivery.js';
import type { Draft } from '../domain/draft.js';
import type { PlatformId } from '../domain/platform.js';

/** What a start-up credential check found. */
export interface CredentialCheck {
  /** false when the platform offers no check that does not post (Slack incoming webhooks). */
  verified: boolean;
  /** Who the credentials belong to (@handle, DID, bot name), for the log and /readyz. */
  identity?: string;
  /** Why nothing could be checked, or what the check could not cover. */
  note?: string;
}

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
  /**
   * Checks the credentials once without posting (X users/me, Bluesky session, Mastodon
   * verify_credentials, Telegram getMe, …). Throws AuthError when the platform refuses them, and
   * another DeliveryError when it could not be asked.
   */
  verifyCredentials?(options?: { signal?: AbortSignal }): Promise<CredentialCheck>;
  /** Releases sockets and timers; the adapter is not used afterwards. */
  close?(): Promise<void>;
}
