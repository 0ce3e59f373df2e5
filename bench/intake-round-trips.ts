import { createServer, connect, type AddressInfo, type Server } from 'node:net';
import { Redis } from 'ioredis';
import { deleteKeys, randomPrefix } from '../tests/helpers/redis.js';
import { PHASES, startIntake } from './intake-events.js';

/**
 * Round trips the intake makes to Redis per article event (3 posts): its Redis traffic goes
 * through a proxy that holds every chunk it sends for DELAY_MS, so an event takes one DELAY_MS
 * longer per round trip; commands sent together (a pipeline, or calls in flight at once) cost
 * one. Events are timed once through the proxy without the delay and once with it.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10);
const DELAY_MS = 40;

/** A TCP proxy to Redis that delays what clients send by `delay.ms` (in order), and answers at once. */
async function delayingProxy(target: URL, delay: { ms: number }): Promise<{ url: string; server: Server }> {
  const server = createServer((client) => {
    const upstream = connect(Number(target.port || 6379), target.hostname);
    client.on('data', (chunk) => setTimeout(() => upstream.write(chunk), delay.ms));
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function timedPhases(url: string, prefix: string, firstEvent: number): Promise<number[]> {
  const intake = await startIntake(url, prefix);
  for (let n = 0; n < 3; n++) await intake.send(firstEvent + 1_000 + n);
  const perEvent: number[] = [];
  for (const [, run] of PHASES) {
    const started = performance.now();
    for (let n = 0; n < EVENTS; n++) await run(intake, firstEvent + n);
    perEvent.push((performance.now() - started) / EVENTS);
  }
  await intake.stop();
  return perEvent;
}

async function main(): Promise<void> {
  const prefix = randomPrefix().replace('crier-test-', 'crier-bench-');
  const delay = { ms: 0 };
  const proxy = await delayingProxy(new URL(REDIS_URL), delay);
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  try {
    const base = await timedPhases(proxy.url, prefix, 0);
    delay.ms = DELAY_MS;
    const delayed = await timedPhases(proxy.url, prefix, 10_000);
    const report = Object.fromEntries(PHASES.map(([name], i) => [name, { roundTripsPerEvent: Number(((delayed[i]! - base[i]!) / DELAY_MS).toFixed(1)) }]));
    console.log(JSON.stringify(report, null, 2));
  } finally {
    proxy.server.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
