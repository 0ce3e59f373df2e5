import { Counter, Gauge, Registry } from 'prom-client';
import { cumulativeBuckets, byLatencySeries, JOB_STATES, LATENCY, type MetricsSources } from './series.js';
import type { Tally } from './tally.js';

/**
 * crier's Prometheus series, one registry per service (tests start several in one process). Counts
 * are read back from the tally at scrape time, like the review backlog and the queue depths: /metrics
 * shows the whole deployment whichever process serves it. Only a process that serves /metrics loads
 * this module, and prom-client with it.
 */
export class MetricsExposition {
  readonly registry = new Registry();

  constructor(tally: Tally, sources: () => MetricsSources | undefined) {
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
    new Gauge({
      name: 'crier_posts_waiting_review',
      help: 'Posts in pending_review',
      registers,
      async collect() {
        const from = sources();
        if (from) this.set(await from.reviewBacklog());
      },
    });
    new Gauge({
      name: 'bullmq_job_count',
      help: 'Jobs per BullMQ queue and state',
      labelNames: ['queue', 'state'],
      registers,
      async collect() {
        const from = sources();
        if (!from) return;
        this.reset();
        for (const { queue, counts } of await from.jobCounts()) {
          for (const state of JOB_STATES) this.set({ queue, state }, counts[state] ?? 0);
        }
      },
    });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }
}
