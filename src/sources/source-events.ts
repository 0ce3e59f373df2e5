import { createHash } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ArticleEvent } from '../domain/article.js';
import type { SourceLog, SubmitEvent } from './feeds/feed-poller.js';

export const SOURCE_EVENT_QUEUE = 'source-events';

interface SourceEventJob {
  event: ArticleEvent;
  by: string;
}

function jobId(event: ArticleEvent, by: string): string {
  const what = event.kind === 'publish' ? `${event.article.id}\n${event.article.revision}` : `${event.articleId}\n${event.status}`;
  return createHash('sha256').update(`${by}\n${what}`).digest('hex').slice(0, 32);
}

/**
 * Webhook sources answer at once and leave the work to a queue: Ghost gives up after 2 s. One job
 * per (source, article, revision or status), so a webhook delivered twice is one job; the lifecycle
 * is idempotent anyway.
 */
export class SourceEventQueue {
  private readonly queue: Queue<SourceEventJob>;

  constructor(connection: Redis, private readonly queuePrefix: string) {
    this.queue = new Queue<SourceEventJob>(SOURCE_EVENT_QUEUE, { connection, prefix: queuePrefix });
  }

  async enqueue(event: ArticleEvent, by: string): Promise<string> {
    const id = jobId(event, by);
    await this.queue.add('event', { event, by }, {
      jobId: id,
      attempts: 8,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: 1000,
      removeOnFail: 1000,
    });
    return id;
  }

  /** The worker side (`crier work` / `start`): hands each event to the lifecycle. */
  startWorker(connection: Redis, submit: SubmitEvent, log?: SourceLog): Worker<SourceEventJob> {
    const worker = new Worker<SourceEventJob>(
      SOURCE_EVENT_QUEUE,
      async (job) => {
        await submit(job.data.event, job.data.by);
      },
      { connection, prefix: this.queuePrefix, concurrency: 2 },
    );
    worker.on('failed', (job, error) => log?.('source_event.failed', { by: job?.data.by, attempts: job?.attemptsMade, message: error.message }));
    worker.on('error', (error) => log?.('source_event.worker_error', { message: error.message }));
    return worker;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
