import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { PlatformId } from '../domain/platform.js';
import { PostKeys } from '../posts/post-keys.js';
import type { PostRecord } from '../posts/post.js';
import { RedisLedger } from '../posts/redis-ledger.js';
import { RetractionLedger } from '../posts/retraction-ledger.js';
import type { PostStore } from '../posts/post-store.js';
import type { AdapterProvider } from './adapter-provider.js';
import { processPublishJob, type ProcessorDeps } from './publish-processor.js';
import { queueNameFor, RETRACT_JOB, type PublishJobData } from './publish-job.js';
import type { PublishQueues } from './publish-queues.js';
import { processRetractJob } from './retract-processor.js';

export interface PublishWorkersOptions {
  connection: Redis;
  queuePrefix: string;
  storePrefix: string;
  store: PostStore;
  adapters: AdapterProvider;
  accounts: readonly { platform: PlatformId; account: string }[];
  delivery: Config['delivery'];
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** Where retractions of posts that land after their article was withdrawn are queued. */
  queues?: PublishQueues;
  /** A post that landed after its article was withdrawn under UNPUBLISH_POLICY=review, or a retraction that stopped. */
  onRetractionNeeded?: (post: PostRecord) => void;
  /** Media once per article, IMAGE_POLICY, alerts and metrics for the publish processor. */
  reporting?: Pick<ProcessorDeps, 'media' | 'imagePolicy' | 'alerts' | 'metrics'>;
}

/**
 * One BullMQ worker per account. A thread is one job, so its parts go out in order whatever the
 * concurrency; DELIVERY_CONCURRENCY (default 1) lets one account's separate posts go out side by
 * side, at the cost of strict first-in, first-out between them. Any number of these processes can run against
 * one Redis; BullMQ's locks hand each job to one of them, and a job whose worker died is taken over
 * once its lock expires.
 */
export class PublishWorkers {
  private readonly workers: Worker<PublishJobData>[] = [];
  private draining = false;
  readonly workerId = `worker:${hostname()}-${process.pid}`;

  constructor(private readonly options: PublishWorkersOptions) {}

  start(): void {
    const { connection, queuePrefix, storePrefix, store, adapters, delivery } = this.options;
    for (const { platform, account } of this.options.accounts) {
      const keys = new PostKeys(storePrefix);
      const worker: Worker<PublishJobData> = new Worker<PublishJobData>(
        queueNameFor(platform, account),
        (job, token) =>
          job.name === RETRACT_JOB
            ? processRetractJob(job, token, {
                store,
                adapters,
                ledgerFor: (postId) => new RedisLedger(connection, storePrefix, postId),
                retractionLedgerFor: (postId) => new RetractionLedger(connection, keys, postId),
                workerId: this.workerId,
                rateLimit: (ms) => worker.rateLimit(ms),
                rateLimitError: () => Worker.RateLimitError(),
                attempts: delivery.attempts,
                log: this.options.log,
                onRetractionStopped: this.options.onRetractionNeeded,
              })
            : processPublishJob(job, token, {
            store,
            adapters,
            ledgerFor: (postId) => new RedisLedger(connection, storePrefix, postId),
            workerId: this.workerId,
            draining: () => this.draining,
            rateLimit: (ms) => worker.rateLimit(ms),
            rateLimitError: () => Worker.RateLimitError(),
            attempts: delivery.attempts,
            log: this.options.log,
            afterPublished: (post) => this.afterPublished(post),
            ...this.options.reporting,
          }),
        {
          connection,
          prefix: queuePrefix,
          concurrency: delivery.concurrency,
          // Pacing: at most one post per account every DELIVERY_PACE_MS, across all worker processes.
          ...(delivery.paceMs > 0 ? { limiter: { max: 1, duration: delivery.paceMs } } : {}),
          lockDuration: delivery.lockDurationMs,
          stalledInterval: delivery.lockDurationMs,
          // A worker killed mid-thread is normal operations, not a poison job: let others take it over.
          maxStalledCount: 10,
        },
      );
      worker.on('error', (error) => this.options.log?.('worker-error', { queue: worker.name, message: error.message }));
      this.workers.push(worker);
    }
  }

  private async afterPublished(post: PostRecord): Promise<void> {
    if (post.retraction?.status === 'pending') await this.options.queues?.scheduleRetraction(post);
    else if (post.retraction?.status === 'needed') this.options.onRetractionNeeded?.(post);
  }

  get running(): boolean {
    return this.workers.length > 0 && this.workers.every((w) => w.isRunning());
  }

  /** SIGTERM: take no new jobs, let the part in flight finish, hand the rest of its thread back. */
  async drain(): Promise<void> {
    this.draining = true;
    await Promise.all(this.workers.map((w) => w.close()));
    this.workers.length = 0;
  }
}
