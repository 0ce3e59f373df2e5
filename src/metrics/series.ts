import type { Labels } from './tally.js';

/** BullMQ's job states as bullmq_job_count reports them. */
export const JOB_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed', 'paused', 'waiting-children'] as const;

export interface MetricsSources {
  /** Posts waiting for an editor (read at scrape time from the post index). */
  reviewBacklog(): Promise<number>;
  /** Job counts per queue and state (read at scrape time from BullMQ). */
  jobCounts(): Promise<{ queue: string; counts: Record<string, number> }[]>;
}

export type DeliveryOutcome = 'published' | 'failed' | 'partially_published' | 'retry' | 'rate_limited' | 'held_for_review';

export const LATENCY = 'crier_delivery_latency_seconds';
export const LATENCY_BUCKETS = [0.5, 1, 2, 5, 10, 30, 60, 120, 300, 900, 3600];
const SERIES_ORDER = ['bucket', 'sum', 'count'];

/** The exposition format wants a histogram's buckets in ascending order, then its sum and count, per label set. */
export function byLatencySeries(a: { labels: Labels }, b: { labels: Labels }): number {
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
export function cumulativeBuckets(rows: { labels: Labels; value: number }[]): { labels: Labels; value: number }[] {
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

