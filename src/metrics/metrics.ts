import { Counter, Gauge, Registry } from 'prom-client';
import { MemoryTally, type Labels, type Tally } from './tally.js';

/** BullMQ's job states as bullmq_job_count reports them. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'paused', 'waiting-children'] as const;

export interface MetricsSources {
  /** Posts waiting for an editor (read at scrape time from the post index). */
  reviewBacklog(): Promise<number>;
  /** Job counts per queue and state (read at scrape time from BullMQ). */
  jobCounts(): Promise<{ queue: string; counts: Record<string, number> }[]>;
}

export type DeliveryOutcome = 'published' | 'failed' | 'partially_published' | 'retry' | 'rate_limited' | 'held_for_review';

const LATENCY = 'crier_delivery_latency_seconds';
const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];
const SERIES_ORDER = ['bucket', 'sum', 'count'];

/** The exposition format wants a histogram's buckets in ascending order, then its sum and count, per label set. */
function byLatencySeries(a: { labels: Labels }, b: { labels: Labels }): number {
  const le = (l: Labels) => (l.le === '+Inf' ? Infinity : Number(l.le ?? 0));
  return (
    (a.labels.platform ?? '').localeCompare(b.labels.platform ?? '') ||
    SERIES_ORDER.indexOf(a.labels.series ?? '') - SERIES_ORDER.indexOf(b.labels.series ?? '') ||
    le(a.labels) - le(b.labels)
  );
}

/**
 * The exposition's cumulative buckets from what is stored: each delivery counts in the one bucket it
 * falls in (one write instead of twelve), so bucket `le` is the sum of the stored ones up to `le`,
 * and `+Inf` the sum of all, for every platform that has observations.
 */
function cumulativeBuckets(rows: { labels: Labels; value: number }[]): { labels: Labels; value: number }[] {
  const out = rows.filter((r) => r.labels.series !== 'bucket');
  const platforms = new Set(rows.filter((r) => r.labels.series === 'count').map((r) => r.labels.platform ?? ''));
  for (const platform of platforms) {
    const stored = (le: string) => rows.find((r) => r.labels.series === 'bucket' && r.labels.platform === platform && r.labels.le === le)?.value ?? 0;
    let running = 0;
    for (const le of [...LATENCY_BUCKETS.map(String), '+Inf']) {
      running += stored(le);
      out.push({ labels: { series: 'bucket', platform, le }, value: running });
    }
  }
  return out;
}

/**
 * crier's Prometheus series, one registry per service (tests start several in one process).
 * Counts go to a tally (Redis in the service) and are read back at scrape time, like the review
 * backlog and the queue depths: /metrics shows the whole deployment whichever process serves it.
 */
export class CrierMetrics {
  readonly registry = new Registry();
  private sources?: MetricsSources;

  constructor(private readonly tally: Tally = new MemoryTally()) {
    const registers = [this.registry];
    const fromTally = (name: string, help: string, labelNames: string[]) =>
      new Counter({
        name,
        help,
        labelNames,
        registers,
        async collect() {
          const rows = await tally.read(name);
          this.reset();
          for (const { labels, value } of rows) this.inc(labels, value);
        },
      });
    fromTally('crier_deliveries_total', 'Delivery attempts by platform and outcome (published, failed, partially_published, retry, rate_limited, held_for_review)', ['platform', 'outcome']);
    fromTally('crier_rate_limit_deferrals_total', 'Posts put back to wait for a platform rate limit reset', ['platform']);
    fromTally('crier_alerts_total', 'Alerts the webhook took (sent) or refused for good (failed)', ['type', 'outcome']);
    fromTally('crier_images_left_out_total', 'Posts that went out without their image because it could not be had', ['platform']);
    // prom-client histograms cannot be set from stored figures, so this one is written out directly.
    this.registry.registerMetric({
      name: LATENCY,
      help: 'Seconds from when a post was due to when its last part went out',
      type: 'histogram',
      aggregator: 'sum',
      get: async () => ({
        name: LATENCY,
        help: 'Seconds from when a post was due to when its last part went out',
        type: 'histogram',
        aggregator: 'sum',
        values: cumulativeBuckets(await tally.read(LATENCY)).sort(byLatencySeries).map(({ labels, value }) => {
          const { series, ...rest } = labels;
          return { metricName: `${LATENCY}_${series}`, labels: rest, value };
        }),
      }),
      reset: () => undefined,
    } as unknown as Parameters<Registry['registerMetric']>[0]);
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

  delivery(platform: string, outcome: DeliveryOutcome): Promise<void> {
    return this.count('crier_deliveries_total', { platform, outcome });
  }

  async published(platform: string, dueAt: number, now = Date.now()): Promise<void> {
    const seconds = Math.max(0, (now - dueAt) / 1000);
    const series: Promise<void>[] = [this.delivery(platform, 'published')];
    // One bucket per delivery, the smallest it falls in; the cumulative counts are summed at scrape time.
    const le = LATENCY_BUCKETS.find((bound) => seconds <= bound);
    series.push(
      this.count(LATENCY, { series: 'bucket', platform, le: le === undefined ? '+Inf' : String(le) }),
      this.count(LATENCY, { series: 'sum', platform }, seconds),
      this.count(LATENCY, { series: 'count', platform }),
    );
    await Promise.all(series);
  }

  async rateLimited(platform: string): Promise<void> {
    await Promise.all([this.count('crier_rate_limit_deferrals_total', { platform }), this.delivery(platform, 'rate_limited')]);
  }

  imageLeftOut(platform: string): Promise<void> {
    return this.count('crier_images_left_out_total', { platform });
  }

  alert(type: string, outcome: 'sent' | 'failed'): Promise<void> {
    return this.count('crier_alerts_total', { type, outcome });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** A metric that cannot be counted must not fail a delivery: the figure is lost, the post is not. */
  private async count(metric: string, labels: Labels, by = 1): Promise<void> {
    await this.tally.add(metric, labels, by).catch(() => undefined);
  }
}
