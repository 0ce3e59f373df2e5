import type { PlatformId } from '../domain/platform.js';
import type { PlatformAdapter } from '../platforms/adapter.js';

/** Hands out one long-lived adapter per account (sessions and clients are reused, DESIGN.md invariant 4). */
export interface AdapterProvider {
  get(platform: PlatformId, account: string): PlatformAdapter;
}
