import type { ArticleEvent } from '../domain/article.js';
import type { FeedConfig } from './feeds/feed-config.js';
import type { FeedStore } from './feeds/feed-store.js';

/** What the HTTP routes of the sources need: Ghost's settings, the event queue, and the feeds' records. */
export interface SourceDeps {
  ghost: { secret?: string; includePages: boolean };
  /** Queues an event for the lifecycle; resolves once it is safely in Redis. */
  enqueue(event: ArticleEvent, by: string): Promise<string>;
  feeds: FeedConfig[];
  feedStore: FeedStore;
}
