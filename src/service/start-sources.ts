import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { SourceLog, SubmitEvent } from '../sources/feeds/feed-poller.js';
import type { FeedScheduler } from '../sources/feeds/feed-scheduler.js';
import { FeedStore } from '../sources/feeds/feed-store.js';
import type { SourceDeps } from '../sources/source-deps.js';
import { SourceEventQueue } from '../sources/source-events.js';
import { prefixes } from './services.js';

export interface RunningSources {
  /** For the HTTP app (`serve`): Ghost's intake and the feeds' health. */
  deps: SourceDeps;
  /** Whether the feed scheduler's worker runs (only in a process that works). */
  running(): boolean;
  close(): Promise<void>;
}

export interface SourcesOptions {
  config: Config;
  /** The reconnecting connection (BullMQ workers block on it). */
  redis: Redis;
  /** Fails fast while Redis is down, for request handlers. */
  requestRedis: Redis;
  work: boolean;
  submit: SubmitEvent;
  log: SourceLog;
}

/**
 * The sources of a process. Every process can queue Ghost events and read feed health; a process
 * that works (`crier work` / `start`) also runs the feed scheduler and the worker that hands queued
 * source events to the lifecycle.
 */
export async function startSources(options: SourcesOptions): Promise<RunningSources> {
  const { config, redis, requestRedis, work, submit, log } = options;
  const { store: storePrefix, queue: queuePrefix } = prefixes(config);
  const events = new SourceEventQueue(requestRedis, queuePrefix);
  const deps: SourceDeps = {
    ghost: config.sources.ghost,
    enqueue: (event, by) => events.enqueue(event, by),
    feeds: config.sources.feeds,
    feedStore: new FeedStore(requestRedis, storePrefix),
  };
  let scheduler: FeedScheduler | undefined;
  let eventWorker: Worker | undefined;
  if (work) {
    eventWorker = events.startWorker(redis, submit, log);
    if (config.sources.feeds.length > 0) {
      const { startFeeds } = await import('./start-feeds.js');
      scheduler = await startFeeds({ config, redis, submit, log });
    }
  }
  return {
    deps,
    running: () => (eventWorker?.isRunning() ?? false) && (scheduler ? scheduler.running : true),
    async close() {
      await scheduler?.close();
      await eventWorker?.close();
      await events.close();
    },
  };
}
