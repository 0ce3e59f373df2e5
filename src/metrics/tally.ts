import type { Redis } from 'ioredis';

export type Labels = Record<string, string>;

/**
 * Where counters live. In Redis every process adds to the same figures, so whichever process
 * serves /metrics (the intake server in a split deployment) reports what the workers delivered.
 */
export interface Tally {
  add(metric: string, labels: Labels, by: number): Promise<void>;
  read(metric: string): Promise<{ labels: Labels; value: number }[]>;
  /** Writes out whatever is held back; called before the connection closes. */
  flush?(): Promise<void>;
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
    addTo(this.values, metric, fieldOf(labels), by);
  }

  async read(metric: string): Promise<{ labels: Labels; value: number }[]> {
    return [...(this.values.get(metric) ?? new Map<string, number>()).entries()].map(([field, value]) => ({ labels: labelsOf(field), value }));
  }
}

/**
 * One hash per metric under `<prefix>metrics:`; HINCRBYFLOAT is atomic, so workers never lose a count.
 * Adds are summed in the process and written every `flushEveryMs` (and before every read and on
 * close) as one pipeline: a busy worker pays a few commands a second for its figures, not four per
 * delivery. A process killed outright loses at most that last interval's counts; a failed write is
 * kept and tried again with the next one.
 */
export class RedisTally implements Tally {
  private pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly flushEveryMs = 1000,
  ) {}

  async add(metric: string, labels: Labels, by: number): Promise<void> {
    addTo(this.pending, `${this.prefix}metrics:${metric}`, fieldOf(labels), by);
    this.flushSoon();
  }

  private flushSoon(): void {
    this.timer ??= setTimeout(() => void this.flush().catch(() => undefined), this.flushEveryMs).unref();
  }

  /** Writes what was added since the last write. */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    const pipeline = this.redis.pipeline();
    for (const [key, fields] of batch) for (const [field, by] of fields) pipeline.hincrbyfloat(key, field, by);
    try {
      const replies = await pipeline.exec();
      const failed = replies?.find(([error]) => error)?.[0];
      if (failed) throw failed;
    } catch (error) {
      // Whether any of it landed is unknown only when the connection broke mid-pipeline; counting
      // again then is the lesser harm for a metric than losing the interval.
      for (const [key, fields] of batch) for (const [field, by] of fields) addTo(this.pending, key, field, by);
      this.flushSoon();
      throw error;
    }
  }

  async read(metric: string): Promise<{ labels: Labels; value: number }[]> {
    await this.flush().catch(() => undefined);
    const all = await this.redis.hgetall(`${this.prefix}metrics:${metric}`);
    return Object.entries(all).map(([field, value]) => ({ labels: labelsOf(field), value: Number(value) }));
  }
}

function addTo(sums: Map<string, Map<string, number>>, key: string, field: string, by: number): void {
  const fields = sums.get(key) ?? new Map<string, number>();
  fields.set(field, (fields.get(field) ?? 0) + by);
  sums.set(key, fields);
}
