import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** BullMQ's job states as bullmq_job_count reports them. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'paused', 'waiting-children'] as const;

export interface MetricsSources {
  /** Posts waiting for an editor (read at scrape time from the post index). */
  reviewBacklog(): Promise<number>;
  /** Job counts per queue and state (read at scrape time from BullMQ). */
  jobCounts(): Promise<{ queue: string; counts: Record<string, number> }[]>;
}

export type DeliveryOutcome = 'published' | 'failed' | 'partially_published' | 'retry' | 'rate_limited' | 'held_for_review';

/**
 * crier's Prometheus series, one registry per service (tests start several in one process).
 * Counters count what this process did; the backlog and queue gauges are read from Redis on each
 * scrape, so they are the whole deployment's figures whichever process serves /metrics.
 */
export class CrierMetrics {
  readonly registry = new Registry();
  private readonly deliveries: Counter<'platform' | 'outcome'>;
  private readonly latency: Histogram<'platform'>;
  private readonly deferrals: Counter<'platform'>;
  private readonly alerts: Counter<'type' | 'outcome'>;
  private readonly imagesLeftOut: Counter<'platform'>;
  private sources?: MetricsSources;

  constructor() {
    const registers = [this.registry];
    this.deliveries = new Counter({
      name: 'crier_deliveries_total',
      help: 'Delivery attempts by platform and outcome (published, failed, partially_published, retry, rate_limited, held_for_review)',
      labelNames: ['platform', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'crier_delivery_latency_seconds',
      help: 'Seconds from when a post was due to when its last part went out',
      labelNames: ['platform'],
      buckets: [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600],
      registers,
    });
    this.deferrals = new Counter({
      name: 'crier_rate_limit_deferrals_total',
      help: 'Posts put back to wait for a platform rate limit reset',
      labelNames: ['platform'],
      registers,
    });
    this.alerts = new Counter({
      name: 'crier_alerts_total',
      help: 'Alerts the webhook took (sent) or refused for good (failed)',
      labelNames: ['type', 'outcome'],
      registers,
    });
    this.imagesLeftOut = new Counter({
      name: 'crier_images_left_out_total',
      help: 'Posts that went out without their image because it could not be had',
      labelNames: ['platform'],
      registers,
    });
    const self = this;
    new Gauge({
      name: 'crier_posts_waiting_review',
      help: 'Posts in pending_review',
      registers,
      async collect() {
        if (self.sources) this.set(await self.sources.reviewBacklog());
      },
    });
    new Gauge({
      name: 'bullmq_job_count',
      help: 'Jobs per BullMQ queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        if (!self.sources) return;
        this.reset();
        for (const { queue, counts } of await self.sources.jobCounts()) {
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
  }

  /** Where the scrape-time gauges read from; set once the store and queues exist. */
  attach(sources: MetricsSources): void {
    this.sources = sources;
  }

  delivery(platform: string, outcome: DeliveryOutcome): void {
    this.deliveries.inc({ platform, outcome });
  }

  published(platform: string, dueAt: number, now = Date.now()): void {
    this.deliveries.inc({ platform, outcome: 'published' });
    this.latency.observe({ platform }, Math.max(0, (now - dueAt) / 1000));
  }

  rateLimited(platform: string): void {
    this.deferrals.inc({ platform });
    this.deliveries.inc({ platform, outcome: 'rate_limited' });
  }

  imageLeftOut(platform: string): void {
    this.imagesLeftOut.inc({ platform });
  }

  alert(type: string, outcome: 'sent' | 'failed'): void {
    this.alerts.inc({ type, outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
