import { shownFeedUrl, type FeedConfig } from './feed-config.js';
import type { FeedStore } from './feed-store.js';

export interface FeedHealth {
  id: string;
  url: string;
  section?: string;
  intervalSeconds: number;
  maxAgeHours: number;
  /** ok: the last poll worked; failing: it did not (see lastError); pending: never polled yet. */
  status: 'ok' | 'failing' | 'pending';
  itemsSeen: number;
  baselineAt?: string;
  lastPollAt?: string;
  lastSuccessAt?: string;
  lastOutcome?: string;
  lastError?: string;
  lastErrorAt?: string;
  failures: number;
  nextAttemptAt?: string;
  lastNewItems?: number;
  lastSkipped?: string;
}

/** The per-feed record for `GET /v1/feeds` and the dashboard: what was polled, when, and what went wrong. */
export async function feedHealth(store: FeedStore, feeds: FeedConfig[]): Promise<FeedHealth[]> {
  return Promise.all(
    feeds.map(async (feed) => {
      const [state, itemsSeen] = await Promise.all([store.state(feed.id), store.seenCount(feed.id)]);
      const failures = state.failures ?? 0;
      const health: FeedHealth = {
        id: feed.id,
        url: shownFeedUrl(feed.url),
        intervalSeconds: feed.intervalSeconds,
        maxAgeHours: feed.maxAgeHours,
        status: state.lastPollAt === undefined ? 'pending' : failures > 0 ? 'failing' : 'ok',
        itemsSeen,
        failures,
      };
      if (feed.section !== undefined) health.section = feed.section;
      const copy = ['baselineAt', 'lastPollAt', 'lastSuccessAt', 'lastOutcome', 'lastError', 'lastErrorAt', 'nextAttemptAt', 'lastNewItems', 'lastSkipped'] as const;
      for (const field of copy) {
        const value = state[field];
        if (value !== undefined) (health as unknown as Record<string, unknown>)[field] = value;
      }
      return health;
    }),
  );
}
