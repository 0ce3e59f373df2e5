import { randomUUID } from 'node:crypto';
import type { ArticleEvent } from '../../domain/article.js';
import { ArticleValidationError } from '../../domain/errors/index.js';
import { shownFeedUrl, type FeedConfig } from './feed-config.js';
import { FEED_ACCEPT, type FeedFetcher } from './feed-fetcher.js';
import { feedItems, type FeedItem } from './feed-item.js';
import type { FeedState, FeedStore, SeenEntry } from './feed-store.js';
import { feedArticleId, itemArticle, itemDate } from './item-event.js';
import { parseFeedDocument } from './parse-feed-document.js';

/** Hands an event to the lifecycle (`lifecycle.handle`); `by` is `feed:<url>` for the audit trail. */
export type SubmitEvent = (event: ArticleEvent, by: string) => Promise<unknown>;
export type SourceLog = (event: string, fields: Record<string, unknown>) => void;

export type PollResult = 'baseline' | 'ok' | 'not_modified' | 'failed' | 'locked' | 'backoff';

export interface PollOutcome {
  feed: string;
  result: PollResult;
  posted: number;
  revised: number;
  withdrawn: number;
  /** Items left alone this poll and why (too old, not an article). */
  skipped: { key: string; reason: string }[];
  error?: string;
}

export interface FeedPollerOptions {
  store: FeedStore;
  fetch: FeedFetcher;
  submit: SubmitEvent;
  log?: SourceLog;
  /** How long one poll may hold the feed's lock; longer than the fetch timeout plus the submits. */
  lockTtlMs?: number;
  /** Longest wait between attempts after repeated failures. */
  maxBackoffMs?: number;
  now?: () => number;
}

interface Tracked {
  item: FeedItem;
  index: number;
}

/** Oldest first, so a burst of new items is posted in the order it was published; undated items last, oldest first. */
function chronological(items: FeedItem[]): FeedItem[] {
  const tracked: Tracked[] = items.map((item, index) => ({ item, index }));
  tracked.sort((a, b) => {
    const da = itemDate(a.item)?.getTime();
    const db = itemDate(b.item)?.getTime();
    if (da !== undefined && db !== undefined && da !== db) return da - db;
    if (da !== undefined && db === undefined) return -1;
    if (da === undefined && db !== undefined) return 1;
    // Feeds list newest first: document order reversed is oldest first.
    return b.index - a.index;
  });
  return tracked.map((t) => t.item);
}

function uniqueByKey(items: FeedItem[]): FeedItem[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.key) ? false : (seen.add(item.key), true)));
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One poll of one feed: conditional GET through the safe fetcher, parse, and compare with the seen
 * set. The first successful poll is a baseline (everything recorded, nothing posted); after it, an
 * unseen item is a publication, a seen one whose content hash changed is a new revision (only for
 * items crier posted), and, when the feed allows it, an item that left the feed while older items
 * stayed is withdrawn. A failure of any kind leaves the seen set as it was and backs off.
 */
export class FeedPoller {
  private readonly lockTtlMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;

  constructor(private readonly options: FeedPollerOptions) {
    this.lockTtlMs = options.lockTtlMs ?? 120_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.now = options.now ?? Date.now;
  }

  async poll(feed: FeedConfig): Promise<PollOutcome> {
    const { store } = this.options;
    const token = randomUUID();
    const outcome: PollOutcome = { feed: shownFeedUrl(feed.url), result: 'ok', posted: 0, revised: 0, withdrawn: 0, skipped: [] };
    if (!(await store.lock(feed.id, token, this.lockTtlMs))) return { ...outcome, result: 'locked' };
    try {
      const state = await store.state(feed.id);
      const now = this.now();
      if (state.nextAttemptAt && Date.parse(state.nextAttemptAt) > now) return { ...outcome, result: 'backoff' };
      try {
        return await this.pollLocked(feed, state, now, outcome);
      } catch (error) {
        return await this.failed(feed, state, now, outcome, error);
      }
    } finally {
      await store.unlock(feed.id, token).catch(() => undefined);
    }
  }

  private async pollLocked(feed: FeedConfig, state: FeedState, now: number, outcome: PollOutcome): Promise<PollOutcome> {
    const { store, fetch } = this.options;
    const baselined = state.baselineAt !== undefined;
    const response = await fetch(feed.url, {
      accept: FEED_ACCEPT,
      // Validators only once the seen set exists: a 304 must never stand in for the baseline.
      conditional: baselined ? { etag: state.etag, lastModified: state.lastModified } : undefined,
    });
    const at = new Date(now).toISOString();
    if (response.notModified) {
      await store.updateState(feed.id, { url: shownFeedUrl(feed.url), lastPollAt: at, lastSuccessAt: at, lastOutcome: 'not_modified', failures: 0, lastError: undefined, nextAttemptAt: undefined, lastNewItems: 0 });
      return { ...outcome, result: 'not_modified' };
    }
    const parsed = parseFeedDocument(response.bytes, response.mimeType, response.headers?.['content-type']);
    const { items: all, unusable } = feedItems(parsed, response.url);
    const items = uniqueByKey(all);
    if (unusable > 0) outcome.skipped.push({ key: '(no id or link)', reason: `${unusable} item(s) without an id or link` });
    const validators = { etag: response.headers?.etag, lastModified: response.headers?.['last-modified'] };
    const done = { url: shownFeedUrl(feed.url), lastPollAt: at, lastSuccessAt: at, failures: 0, lastError: undefined, nextAttemptAt: undefined, lastKeys: items.map((i) => i.key), ...validators };

    if (!baselined) {
      await this.baseline(feed, items, now);
      await store.updateState(feed.id, { ...done, baselineAt: at, baselineItems: items.length, lastOutcome: 'baseline', lastNewItems: 0, lastSkipped: undefined });
      this.options.log?.('feed.baseline', { feed: shownFeedUrl(feed.url), items: items.length, note: `baseline: ${items.length} items recorded, nothing posted` });
      return { ...outcome, result: 'baseline' };
    }

    try {
      const present = await this.compare(feed, items, now, outcome);
      if (feed.withdrawRemoved) await this.withdrawRemoved(feed, state, items, present, outcome);
    } catch (error) {
      // Part of the answer was not handled: the next poll must fetch it in full, not get a 304.
      await store.updateState(feed.id, { etag: undefined, lastModified: undefined });
      throw error;
    }
    const skipped = outcome.skipped.map((s) => `${s.key}: ${s.reason}`).join('; ');
    await store.updateState(feed.id, { ...done, lastOutcome: 'ok', lastNewItems: outcome.posted, lastSkipped: skipped || undefined });
    if (outcome.posted + outcome.revised + outcome.withdrawn > 0) {
      this.options.log?.('feed.polled', { feed: shownFeedUrl(feed.url), posted: outcome.posted, revised: outcome.revised, withdrawn: outcome.withdrawn });
    }
    return outcome;
  }

  private async baseline(feed: FeedConfig, items: FeedItem[], now: number): Promise<void> {
    const entries = items.map((item) => {
      const articleId = feedArticleId(feed, item.key);
      let revision = '';
      try {
        revision = itemArticle(item, feed, articleId, now).revision;
      } catch (error) {
        if (!(error instanceof ArticleValidationError)) throw error;
      }
      const date = itemDate(item)?.getTime();
      const entry: SeenEntry = { articleId, revision, sent: false, firstSeenAt: new Date(now).toISOString() };
      if (date !== undefined) entry.date = date;
      return { key: item.key, link: item.link, entry };
    });
    await this.options.store.record(feed.id, entries);
  }

  /** Returns the article ids present in this answer (whatever key they came under). */
  private async compare(feed: FeedConfig, items: FeedItem[], now: number, outcome: PollOutcome): Promise<Set<string>> {
    const { store, submit } = this.options;
    const by = `feed:${shownFeedUrl(feed.url)}`;
    const { entries, linkKeys } = await store.lookup(
      feed.id,
      items.map((i) => i.key),
      items.flatMap((i) => (i.link ? [i.link] : [])),
    );
    const present = new Set<string>();
    const maxAgeMs = feed.maxAgeHours * 3_600_000;
    for (const item of chronological(items)) {
      let entry = entries.get(item.key);
      const knownByKey = entry !== undefined;
      if (!entry && item.link) {
        // A GUID that changed on edit: the link leads to the entry the item was first seen under.
        const firstKey = linkKeys.get(item.link);
        if (firstKey !== undefined && firstKey !== item.key) entry = entries.get(firstKey) ?? (await store.entry(feed.id, firstKey));
      }
      const articleId = entry?.articleId ?? feedArticleId(feed, item.key);
      present.add(articleId);
      const date = itemDate(item)?.getTime();
      let article;
      try {
        article = itemArticle(item, feed, articleId, now);
      } catch (error) {
        if (!(error instanceof ArticleValidationError)) throw error;
        outcome.skipped.push({ key: item.key, reason: error.message });
        continue;
      }
      if (!entry) {
        const fresh: SeenEntry = { articleId, revision: article.revision, sent: false, firstSeenAt: new Date(now).toISOString() };
        if (date !== undefined) fresh.date = date;
        if (date !== undefined && date < now - maxAgeMs) {
          outcome.skipped.push({ key: item.key, reason: `older than maxAgeHours (${feed.maxAgeHours})` });
        } else {
          await submit({ kind: 'publish', article, ...(feed.accounts ? { accounts: feed.accounts } : {}) }, by);
          fresh.sent = true;
          outcome.posted++;
        }
        await store.record(feed.id, [{ key: item.key, link: item.link, entry: fresh }]);
        continue;
      }
      if (entry.revision !== article.revision) {
        // Items crier never posted (baseline, too old) stay unposted when they change.
        if (entry.sent && !entry.withdrawn) {
          await submit({ kind: 'publish', article, ...(feed.accounts ? { accounts: feed.accounts } : {}) }, by);
          outcome.revised++;
        }
        await store.record(feed.id, [{ key: item.key, link: item.link, entry: { ...entry, revision: article.revision } }]);
      } else if (!knownByKey) {
        await store.record(feed.id, [{ key: item.key, link: item.link, entry }]);
      }
    }
    return present;
  }

  /**
   * Feeds drop old items all the time, so leaving the feed alone means nothing. An item counts as
   * removed only when it was posted, had a date, and the feed still holds an item at least as old:
   * it did not scroll out of the window, it was taken out of it.
   */
  private async withdrawRemoved(feed: FeedConfig, state: FeedState, items: FeedItem[], present: Set<string>, outcome: PollOutcome): Promise<void> {
    const { store, submit } = this.options;
    const current = new Set(items.map((i) => i.key));
    const dates = items.map((i) => itemDate(i)?.getTime()).filter((d): d is number => d !== undefined);
    if (dates.length === 0) return;
    const oldest = Math.min(...dates);
    for (const key of state.lastKeys ?? []) {
      if (current.has(key)) continue;
      const entry = await store.entry(feed.id, key);
      if (!entry || !entry.sent || entry.withdrawn || entry.date === undefined || present.has(entry.articleId)) continue;
      if (oldest > entry.date) continue;
      await submit({ kind: 'withdraw', articleId: entry.articleId, status: 'unpublished' }, `feed:${shownFeedUrl(feed.url)}`);
      await store.record(feed.id, [{ key, entry: { ...entry, withdrawn: true } }]);
      outcome.withdrawn++;
    }
  }

  private async failed(feed: FeedConfig, state: FeedState, now: number, outcome: PollOutcome, error: unknown): Promise<PollOutcome> {
    const failures = (state.failures ?? 0) + 1;
    const intervalMs = feed.intervalSeconds * 1000;
    // The scheduler keeps firing every interval; after the k-th failure in a row the poll lets
    // 2^(k-1)-1 of those go by (0, 1, 3, 7 …), up to maxBackoffMs. Half an interval of slack lets
    // the poll that is due at the end of the wait run.
    const waitMs = Math.min(intervalMs * (2 ** (failures - 1) - 1), this.maxBackoffMs) + intervalMs / 2;
    const at = new Date(now).toISOString();
    const reason = message(error);
    await this.options.store
      .updateState(feed.id, {
        url: shownFeedUrl(feed.url),
        lastPollAt: at,
        lastOutcome: 'failed',
        lastError: reason,
        lastErrorAt: at,
        failures,
        nextAttemptAt: new Date(now + waitMs).toISOString(),
      })
      .catch(() => undefined);
    this.options.log?.('feed.failed', { feed: shownFeedUrl(feed.url), error: reason, failures, nextAttemptAt: new Date(now + waitMs).toISOString() });
    return { ...outcome, result: 'failed', error: reason };
  }
}
