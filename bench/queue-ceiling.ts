import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

/** What a job does inside the queue's workers: nothing for the raw ceiling. */
export type JobWork = (jobId: string) => Promise<void>;

export interface QueueCeilingOptions {
  redisUrl: string;
  /** Key prefix of the run; the queues live under `<prefix>:<name>`. */
  prefix: string;
  name: string;
  jobs: number;
  /** Jobs of one queue in flight at once. */
  concurrency: number;
  work?: JobWork;
  /** Data each job carries, as a publish job carries its post. */
  payloadBytes?: number;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Commands Redis has run since it started, those inside scripts included. */
export async function redisCommands(redis: Redis): Promise<number> {
  const info = await redis.info('stats');
  return Number(/total_commands_processed:(\d+)/.exec(info)?.[1] ?? NaN);
}

/**
 * Jobs per second through three queues with one worker each (crier's shape: one queue per account,
 * one job at a time), and the Redis commands each job costs from add to finish; the clock and the
 * CPU count run from the first job taken to the last one finished.
 */
export async function queueCeiling(options: QueueCeilingOptions): Promise<{ jobsPerSecond: number; commandsPerJob: number; cpuMsPerJob: number }> {
  const { name, jobs, work } = options;
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const queuePrefix = `${options.prefix}:${name}`;
  const names = [`${name}.x`, `${name}.bluesky`, `${name}.mastodon`];
  const queues = names.map((n) => new Queue(n, { connection, prefix: queuePrefix }));
  const per = Math.floor(jobs / names.length);
  const payload = 'p'.repeat(options.payloadBytes ?? 0);
  const commandsBefore = await redisCommands(connection);
  for (const q of queues) {
    await q.addBulk(Array.from({ length: per }, (_, i) => ({ name: 'job', data: { i, payload }, opts: { removeOnComplete: true } })));
  }
  let done = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const processor = work ? async (job: { id?: string }) => work(job.id!) : async () => undefined;
  const workers = names.map(
    (n) => new Worker(n, processor, { connection, prefix: queuePrefix, concurrency: options.concurrency }).on('completed', () => done++),
  );
  await waitFor(() => done >= per * names.length, 120_000, `${name} jobs`);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const commandsPerJob = ((await redisCommands(connection)) - commandsBefore) / (per * names.length);
  await Promise.all(workers.map((w) => w.close()));
  await Promise.all(queues.map((q) => q.obliterate({ force: true }).then(() => q.close())));
  connection.disconnect();
  return { jobsPerSecond: (per * names.length) / seconds, commandsPerJob, cpuMsPerJob: (cpu.user + cpu.system) / 1000 / (per * names.length) };
}
