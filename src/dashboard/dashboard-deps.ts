import type { Config } from '../config.js';
import type { PlatformId } from '../domain/platform.js';
import type { EditorStore } from '../editors/editor-store.js';
import type { SessionRegistry } from '../editors/session-registry.js';
import type { SignInLimiter } from '../editors/sign-in-limiter.js';

export interface AccountHealthSource {
  platform: PlatformId;
  account: string;
}

/** What the dashboard needs beyond the editor API's dependencies. */
export interface DashboardDeps {
  editors: EditorStore;
  signInLimiter: SignInLimiter;
  sessions: SessionRegistry;
  settings: Config['dashboard'];
  /** Every configured account: filters, health and Bull Board list them. */
  accounts: readonly AccountHealthSource[];
  /** The article's section and headline when crier keeps the article (filters by section). */
  articleInfo?(articleId: string): Promise<{ section?: string; headline?: string } | undefined>;
}
