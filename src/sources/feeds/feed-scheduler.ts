import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { shownFeedUrl, type FeedConfig } from './feed-config.js';
import type { FeedPoller, PollOutcome, SourceLog } from './feed-poller.js';

export const FEED_QUEUE = 'feeds';

interface PollJob {
  feedId: string;
  url: string;
}

export interface FeedSchedulerOptions {
  connection: Redis;
  queuePrefix: string;
  feeds: FeedConfig[];
  poller: FeedPoller;
  log?: SourceLog;
  /** Polls of different feeds run at once per process; one feed is never polled twice at once (its lock). */
  concurrency?: number;
}

/**
 * One BullMQ job scheduler per feed (id = the feed's id, every `intervalSeconds`), on one queue that
 * every worker process shares. A scheduler whose feed left the configuration is removed at start,
 * so a dropped feed stops being polled without losing its seen set (adding it back is no new baseline).
 */
export class FeedScheduler {
  private readonly queue: Queue<PollJob>;
  private worker?: Worker<PollJob, PollOutcome>;
  private readonly byId: Map<string, FeedConfig>;

  constructor(private readonly options: FeedSchedulerOptions) {
    this.queue = new Queue<PollJob>(FEED_QUEUE, { connection: options.connection, prefix: options.queuePrefix });
    this.byId = new Map(options.feeds.map((f) => [f.id, f]));
  }

  async start(): Promise<void> {
    const { feeds, log } = this.options;
    for (const existing of await this.queue.getJobSchedulers(0, -1)) {
      if (!this.byId.has(existing.key)) {
        await this.queue.removeJobScheduler(existing.key);
        log?.('feed.unscheduled', { scheduler: existing.key });
      }
    }
    for (const feed of feeds) {
      await this.queue.upsertJobScheduler(
        feed.id,
        { every: feed.intervalSeconds * 1000 },
        { name: 'poll', data: { feedId: feed.id, url: shownFeedUrl(feed.url) }, opts: { removeOnComplete: 50, removeOnFail: 50 } },
      );
    }
    this.worker = new Worker<PollJob, PollOutcome>(
      FEED_QUEUE,
      async (job) => {
        const feed = this.byId.get(job.data.feedId);
        // Another process with an older configuration may still schedule a feed this one does not know.
        if (!feed) return { feed: job.data.url, result: 'locked', posted: 0, revised: 0, withdrawn: 0, skipped: [{ key: '(feed)', reason: 'not configured in this process' }] };
        return this.options.poller.poll(feed);
      },
      { connection: this.options.connection, prefix: this.options.queuePrefix, concurrency: this.options.concurrency ?? 2 },
    );
    this.worker.on('error', (error) => log?.('feed.worker_error', { message: error.message }));
    // A poll that could not even take its lock (Redis down): the next one tries again.
    this.worker.on('failed', (job, error) => log?.('feed.poll_failed', { feed: job?.data.url, message: error.message }));
    log?.('feeds.scheduled', { feeds: feeds.map((f) => ({ url: shownFeedUrl(f.url), everySeconds: f.intervalSeconds })) });
  }

  get running(): boolean {
    return this.worker?.isRunning() ?? false;
  }

  async close(): Promise<void> {
    await this.worker?.close();
    await this.queue.close();
  }
}
