import { Redis } from 'ioredis';
import { request } from 'undici';
import { queueCeiling, type JobWork } from './queue-ceiling.js';

/**
 * The delivery floor, run as its own process as `crier work` is (the platform's server stays in
 * the bench's process): the raw ceiling's queues, with each job doing the least any exactly-once
 * delivery must. One script claims the post and records its part as prepared, one HTTP request
 * (undici's `request`, as crier's adapters send) goes to the platform, one script records the part
 * delivered and settles the post; job data and records are post-sized. Prints its figures as JSON.
 *
 * Env: FLOOR_REDIS_URL, FLOOR_PREFIX, FLOOR_PLATFORM_URL, FLOOR_JOBS, FLOOR_CONCURRENCY, FLOOR_RECORD_BYTES.
 */

// Both steps are one Lua script each, as crier's are: the record, its state index, its ledger field.
const STEP = `redis.call('HSET', KEYS[1], 'record', ARGV[1], 'version', ARGV[2])
redis.call('ZADD', KEYS[2], ARGV[2], KEYS[1])
redis.call('HSET', KEYS[3], ARGV[3], ARGV[4])
return 1`;

const redisUrl = process.env.FLOOR_REDIS_URL!;
const prefix = `${process.env.FLOOR_PREFIX!}:floor`;
const platformUrl = process.env.FLOOR_PLATFORM_URL!;
const recordBytes = Number(process.env.FLOOR_RECORD_BYTES ?? 1900);
const concurrency = Number(process.env.FLOOR_CONCURRENCY ?? 1);

const scripts = new Redis(redisUrl, { maxRetriesPerRequest: null });
const record = JSON.stringify({ text: 'r'.repeat(recordBytes) });
const body = JSON.stringify({ status: 's'.repeat(280) });

async function step(jobId: string, version: number, field: string, value: string): Promise<void> {
  await scripts.eval(STEP, 3, `${prefix}:post:${jobId}`, `${prefix}:state`, `${prefix}:ledger:${jobId}`, record, version, field, value);
}

const work: JobWork = async (jobId) => {
  await step(jobId, 1, 'p:0', body);
  const res = await request(platformUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  const delivered = (await res.body.json()) as { id: string };
  await step(jobId, 2, 'd:0', JSON.stringify(delivered));
};

const run = (jobs: number) => queueCeiling({ redisUrl, prefix, name: 'floor', jobs, concurrency, work, payloadBytes: recordBytes });
// An untimed pass first warms the JIT, as the raw ceiling's and crier's warm-ups do.
await run(600);
const { jobsPerSecond, cpuMsPerJob } = await run(Number(process.env.FLOOR_JOBS ?? 3000));
// Its records stay under the bench's prefix, which the bench deletes when it ends.
scripts.disconnect();
console.log(JSON.stringify({ jobsPerSecond, cpuMsPerJob }));
