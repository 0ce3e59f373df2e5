import { AtpAgent } from '@atproto/api';
import type { AtpSessionData } from '@atproto/api';
import { deadline } from '../http/deadline.js';
import { fetchOverRequest } from '../http/fetch-over-request.js';
import { isSessionRejected, toDeliveryError } from './errors.js';
import type { BlueskySessionStore } from './session-store.js';

export interface BlueskySessionOptions {
  service: string;
  identifier: string;
  appPassword: string;
  store: BlueskySessionStore;
  /** Per-request deadline; a write cut off by it is an ambiguous outcome, not a failure. */
  timeoutMs: number;
  onWarning?: (message: string) => void;
}

export interface CallContext {
  action: string;
  write: boolean;
  partIndex?: number;
}

/**
 * Adds a per-request timeout on top of whatever signal the caller passed; it covers the answer's
 * body too, which fetchOverRequest reads whole before it resolves.
 */
function fetchWithTimeout(timeoutMs: number): typeof globalThis.fetch {
  return async (input, init) => {
    const outer = init?.signal ?? (input instanceof Request ? input.signal : undefined);
    const call = deadline(timeoutMs, outer ?? undefined);
    try {
      return await fetchOverRequest(input, { ...init, signal: call.signal });
    } finally {
      call.release();
    }
  };
}

/**
 * One logged-in agent per account. Logs in at most once while the session lives: the library
 * refreshes an expired access token itself (persistSession keeps the store current); only when the
 * refresh token is refused too does this log in again.
 */
export class BlueskySession {
  readonly agent: AtpAgent;
  private ready: Promise<AtpSessionData> | undefined;
  private saving: Promise<void> = Promise.resolve();

  constructor(private readonly options: BlueskySessionOptions) {
    this.agent = new AtpAgent({
      service: options.service,
      fetch: fetchWithTimeout(options.timeoutMs),
      persistSession: (_event, session) => {
        // Saves are chained so a late 'expired' cannot overwrite a newer 'update'.
        // A store that cannot save costs a login next time, not this post.
        this.saving = this.saving
          .then(() => options.store.save(session))
          .catch((error: unknown) => {
            options.onWarning?.(`Bluesky session not saved: ${error instanceof Error ? error.message : String(error)}`);
          });
      },
    });
  }

  /** The live session, logging in or resuming the stored one first if needed. */
  async current(): Promise<AtpSessionData> {
    if (this.ready) return this.ready;
    const session = this.agent.session;
    if (session) return session;
    return this.once(() => this.start());
  }

  /**
   * Runs `fn` with a live session, and once more if the PDS refused the session (after the
   * library's own refresh, or a fresh login when the refresh was refused too): a refused request
   * changed nothing, and writes here are idempotent anyway. Errors leave as crier's classes.
   */
  async call<T>(ctx: CallContext, fn: (agent: AtpAgent) => Promise<T>): Promise<T> {
    await this.current().catch((error: unknown) => {
      throw this.translate(error, { action: 'login', write: false, partIndex: ctx.partIndex });
    });
    try {
      return await fn(this.agent);
    } catch (error) {
      if (!isSessionRejected(error)) throw this.translate(error, ctx);
    }
    // The library has already tried a refresh. It does not replay the request when the token came
    // back unchanged, so one more attempt follows either way; a refused refresh means log in first.
    if (!this.agent.hasSession) {
      await (this.ready ?? this.once(() => this.login())).catch((error: unknown) => {
        throw this.translate(error, { action: 'login', write: false, partIndex: ctx.partIndex });
      });
    }
    try {
      return await fn(this.agent);
    } catch (error) {
      throw this.translate(error, ctx);
    }
  }

  /** Waits for pending session saves, so a store outlives the adapter with the latest session. */
  async flush(): Promise<void> {
    await this.saving;
  }

  /** Concurrent posts on one adapter share a single login instead of racing each other. */
  private once(step: () => Promise<AtpSessionData>): Promise<AtpSessionData> {
    const ready = step().finally(() => {
      if (this.ready === ready) this.ready = undefined;
    });
    this.ready = ready;
    return ready;
  }

  private async start(): Promise<AtpSessionData> {
    const stored = await this.options.store.load();
    if (stored) {
      try {
        await this.agent.resumeSession(stored);
        if (this.agent.session) return this.agent.session;
      } catch (error) {
        // A refused refresh token means log in; anything else (network) is the caller's to retry.
        if (!isSessionRejected(error) && this.agent.hasSession) throw error;
      }
    }
    return this.login();
  }

  private async login(): Promise<AtpSessionData> {
    await this.agent.login({ identifier: this.options.identifier, password: this.options.appPassword });
    const session = this.agent.session;
    if (!session) throw new Error('login returned no session');
    return session;
  }

  private translate(error: unknown, ctx: CallContext): Error {
    return toDeliveryError(error, { ...ctx, secrets: [this.options.appPassword] });
  }
}
