import type { DeliveryOutcome, MetricsSources } from './series.js';
import { LATENCY, LATENCY_BUCKETS } from './series.js';
import { MemoryTally, type Labels, type Tally } from './tally.js';
import { lazy } from '../domain/lazy.js';

export type { DeliveryOutcome, MetricsSources } from './series.js';
export { JOB_STATES } from './series.js';

/** Prometheus' text exposition format, version 0.0.4 (what prom-client's registry serves). */
const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/**
 * What crier counts. Counts go to a tally (Redis in the service), so any process can serve them;
 * the Prometheus registry that renders them is built on the first scrape, so a `crier work`
 * process never loads prom-client.
 */
export class CrierMetrics {
  private sources?: MetricsSources;
  private readonly exposition = lazy(() => import('./exposition.js').then(({ MetricsExposition }) => new MetricsExposition(this.tally, () => this.sources)));

  constructor(private readonly tally: Tally = new MemoryTally()) {}

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

  async text(): Promise<string> {
    return (await this.exposition()).text();
  }

  /** Writes out counts still held in this process (before its Redis connection closes). */
  async flush(): Promise<void> {
    await this.tally.flush?.();
  }

  get contentType(): string {
    return EXPOSITION_CONTENT_TYPE;
  }

  /** A metric that cannot be counted must not fail a delivery: the figure is lost, the post is not. */
  private async count(metric: string, labels: Labels, by = 1): Promise<void> {
    await this.tally.add(metric, labels, by).catch(() => undefined);
  }
}
