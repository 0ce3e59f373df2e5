import type { Redis } from 'ioredis';

export type Labels = Record<string, string>;

/**
 * Where counters live. In Redis every process adds to the same figures, so whichever process
 * serves /metrics (the intake server in a split deployment) reports what the workers delivered.
 */
export interface Tally {
  add(metric: string, labels: Labels, by: number): Promise<void>;
  read(metric: string): Promise<{ labels: Labels; value: number }[]>;
}

/** Labels as one hash field, in the caller's order: each metric always passes its labels in the order it declares them. */
function fieldOf(labels: Labels): string {
  return JSON.stringify(Object.entries(labels));
}

function labelsOf(field: string): Labels {
  return Object.fromEntries(JSON.parse(field) as [string, string][]);
}

export class MemoryTally implements Tally {
  private readonly values = new Map<string, Map<string, number>>();

  async add(metric: string, labels: Labels, by: number): Promise<void> {
    const fields = this.values.get(metric) ?? new Map<string, number>();
    fields.set(fieldOf(labels), (fields.get(fieldOf(labels)) ?? 0) + by);
    this.values.set(metric, fields);
  }

  async read(metric: string): Promise<{ labels: Labels; value: number }[]> {
    return [...(this.values.get(metric) ?? new Map<string, number>()).entries()].map(([field, value]) => ({ labels: labelsOf(field), value }));
  }
}

/**
 * One hash per metric under `<prefix>metrics:`; HINCRBYFLOAT is atomic, so workers never lose a count.
 * The adds made in one turn of the event loop (a delivery's count, its latency buckets, sum and count)
 * go to Redis as one pipeline: one round trip instead of one per figure.
 */
export class RedisTally implements Tally {
  private pending: { key: string; field: string; by: number; done: () => void; failed: (e: unknown) => void }[] = [];

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  add(metric: string, labels: Labels, by: number): Promise<void> {
    return new Promise((done, failed) => {
      if (this.pending.length === 0) queueMicrotask(() => this.flush());
      this.pending.push({ key: `${this.prefix}metrics:${metric}`, field: fieldOf(labels), by, done, failed });
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    const pipeline = this.redis.pipeline();
    for (const { key, field, by } of batch) pipeline.hincrbyfloat(key, field, by);
    pipeline.exec().then(
      (replies) => batch.forEach((add, i) => (replies?.[i]?.[0] ? add.failed(replies[i]![0]) : add.done())),
      (error: unknown) => batch.forEach((add) => add.failed(error)),
    );
  }

  async read(metric: string): Promise<{ labels: Labels; value: number }[]> {
    const all = await this.redis.hgetall(`${this.prefix}metrics:${metric}`);
    return Object.entries(all).map(([field, value]) => ({ labels: labelsOf(field), value: Number(value) }));
  }
}
