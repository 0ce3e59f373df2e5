import type { PlatformId } from '../domain/platform.js';
import type { PlatformAdapter } from '../platforms/adapter.js';

/** Hands out one long-lived adapter per account (sessions and clients are reused, DESIGN.md invariant 4). */
export interface AdapterProvider {
  /** Resolves once the platform's adapter module is loaded (on first use of one of its accounts). */
  get(platform: PlatformId, account: string): Promise<PlatformAdapter>;
}
