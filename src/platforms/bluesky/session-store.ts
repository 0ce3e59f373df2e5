import type { AtpSessionData } from '@atproto/api';

/**
 * Where an account's Bluesky session (access + refresh JWTs) lives between posts and processes,
 * so that a restart resumes it instead of logging in again (createSession: 30 per 5 minutes).
 * The pipeline can keep it in Redis; `crier send` keeps it in memory.
 */
export interface BlueskySessionStore {
  load(): Promise<AtpSessionData | undefined>;
  /** `undefined` forgets the session (it expired or was refused). */
  save(session: AtpSessionData | undefined): Promise<void>;
}

export class MemorySessionStore implements BlueskySessionStore {
  private session: AtpSessionData | undefined;

  constructor(initial?: AtpSessionData) {
    this.session = initial ? { ...initial } : undefined;
  }

  async load(): Promise<AtpSessionData | undefined> {
    return this.session ? { ...this.session } : undefined;
  }

  async save(session: AtpSessionData | undefined): Promise<void> {
    this.session = session ? { ...session } : undefined;
  }
}
