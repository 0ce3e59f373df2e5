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

/** One hash per metric under `<prefix>metrics:`; HINCRBYFLOAT is atomic, so workers never lose a count. */
export class RedisTally implements Tally {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async add(metric: string, labels: Labels, by: number): Promise<void> {
    await this.redis.hincrbyfloat(`${this.prefix}metrics:${metric}`, fieldOf(labels), by);
  }

  async read(metric: string): Promise<{ labels: Labels; value: number }[]> {
    const all = await this.redis.hgetall(`${this.prefix}metrics:${metric}`);
    return Object.entries(all).map(([field, value]) => ({ labels: labelsOf(field), value: Number(value) }));
  }
}
