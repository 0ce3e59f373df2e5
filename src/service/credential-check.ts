import { AuthError } from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import type { PlatformAdapter } from '../platforms/adapter.js';

export type AccountCheckStatus = 'checking' | 'ok' | 'refused' | 'unreachable' | 'unchecked';

/** One account's start-up check, as /readyz shows it. Never holds a secret: identity and reasons only. */
export interface AccountCheck {
  platform: PlatformId;
  account: string;
  status: AccountCheckStatus;
  identity?: string;
  detail?: string;
  checkedAt?: string;
}

export interface CredentialCheckDeps {
  accounts: readonly { platform: PlatformId; account: string }[];
  adapterFor(platform: PlatformId, account: string): Promise<PlatformAdapter>;
  /** A platform that has not answered by then counts as unreachable. */
  timeoutMs: number;
  log(level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>): void;
  onRefused(platform: PlatformId, account: string, reason: string): Promise<void>;
}

/**
 * Checks every configured account's credentials once, side by side, so a refused or slow account
 * is known at start-up instead of one failed post at a time. A refused account is reported (error
 * log, alert, /readyz) and the others carry on; nothing here stops a worker.
 */
export class CredentialChecks {
  private readonly results = new Map<string, AccountCheck>();

  constructor(private readonly deps: CredentialCheckDeps) {
    for (const { platform, account } of deps.accounts) this.results.set(`${platform}/${account}`, { platform, account, status: 'checking' });
  }

  list(): AccountCheck[] {
    return [...this.results.values()];
  }

  async run(): Promise<AccountCheck[]> {
    await Promise.all(this.deps.accounts.map(({ platform, account }) => this.checkOne(platform, account)));
    return this.list();
  }

  private async checkOne(platform: PlatformId, account: string): Promise<void> {
    const key = `${platform}/${account}`;
    const done = (result: Omit<AccountCheck, 'platform' | 'account' | 'checkedAt'>) =>
      this.results.set(key, { platform, account, ...result, checkedAt: new Date().toISOString() });
    const fields = { platform, account };
    try {
      const adapter = await this.deps.adapterFor(platform, account);
      if (!adapter.verifyCredentials) {
        done({ status: 'unchecked', detail: 'this platform has no credential check' });
        return;
      }
      const check = await adapter.verifyCredentials({ signal: AbortSignal.timeout(this.deps.timeoutMs) });
      if (check.verified) {
        done({ status: 'ok', ...(check.identity ? { identity: check.identity } : {}), ...(check.note ? { detail: check.note } : {}) });
        this.deps.log('info', 'credentials-ok', { ...fields, identity: check.identity });
      } else {
        done({ status: 'unchecked', ...(check.note ? { detail: check.note } : {}) });
        this.deps.log('info', 'credentials-unchecked', { ...fields, reason: check.note });
      }
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (error instanceof AuthError) {
        done({ status: 'refused', detail: reason });
        this.deps.log('error', 'credentials-refused', { ...fields, reason });
        await this.deps.onRefused(platform, account, reason);
        return;
      }
      done({ status: 'unreachable', detail: reason });
      this.deps.log('warn', 'credentials-not-checked', { ...fields, reason });
    }
  }
}
