import { hostname } from 'node:os';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { PlatformId } from '../domain/platform.js';
import { RedisLedger } from '../posts/redis-ledger.js';
import type { PostStore } from '../posts/post-store.js';
import type { AdapterProvider } from './adapter-provider.js';
import { processPublishJob } from './publish-processor.js';
import { queueNameFor, type PublishJobData } from './publish-job.js';

export interface PublishWorkersOptions {
  connection: Redis;
  queuePrefix: string;
  storePrefix: string;
  store: PostStore;
  adapters: AdapterProvider;
  accounts: readonly { platform: PlatformId; account: string }[];
  delivery: Config['delivery'];
  log?: (event: string, fields: Record<string, unknown>) => void;
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
      const worker: Worker<PublishJobData> = new Worker<PublishJobData>(
        queueNameFor(platform, account),
        (job, token) =>
          processPublishJob(job, token, {
            store,
            adapters,
            ledgerFor: (postId) => new RedisLedger(connection, storePrefix, postId),
            workerId: this.workerId,
            draining: () => this.draining,
            rateLimit: (ms) => worker.rateLimit(ms),
            rateLimitError: () => Worker.RateLimitError(),
            attempts: delivery.attempts,
            log: this.options.log,
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
