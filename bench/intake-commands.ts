import { Redis } from 'ioredis';
import { deleteKeys, randomPrefix } from '../tests/helpers/redis.js';
import { PHASES, startIntake } from './intake-events.js';

/**
 * What the intake process alone sends to Redis per article event (3 posts), counted with MONITOR:
 * the pipeline bench mixes it with the worker's commands. Commands, not round trips: a pipelined
 * batch or MULTI counts each of its commands (intake-round-trips.ts counts the trips). Run it
 * against a Redis of its own: other clients' commands would be counted too.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefix = randomPrefix().replace('crier-test-', 'crier-bench-');

async function main(): Promise<void> {
  const intake = await startIntake(REDIS_URL, prefix);
  // Warm-up: scripts loaded, queues' connections set up.
  for (let n = 0; n < 3; n++) await intake.send(1_000 + n);

  const ownAddress = /addr=(\S+)/.exec(String(await redis.call('CLIENT', 'INFO')))?.[1];
  const monitor = await redis.monitor();
  let phase = '';
  const counts = new Map<string, Map<string, number>>();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === ownAddress || source === 'lua' || phase === '') return;
    const byName = counts.get(phase) ?? new Map<string, number>();
    const name = String(args[0]).toUpperCase();
    byName.set(name, (byName.get(name) ?? 0) + 1);
    counts.set(phase, byName);
  });
  const settle = () => new Promise((r) => setTimeout(r, 300));
  await settle();
  for (const [name, run] of PHASES) {
    phase = name;
    for (let n = 0; n < EVENTS; n++) await run(intake, n);
    await settle();
  }
  phase = '';
  monitor.disconnect();

  const report: Record<string, unknown> = {};
  for (const [name] of PHASES) {
    const byName = counts.get(name) ?? new Map<string, number>();
    const total = [...byName.values()].reduce((a, b) => a + b, 0);
    report[name] = {
      clientCommandsPerEvent: Number((total / EVENTS).toFixed(2)),
      byName: Object.fromEntries([...byName].sort((a, b) => b[1] - a[1]).map(([k, v]) => [k, Number((v / EVENTS).toFixed(2))])),
    };
  }
  await intake.stop();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  console.log(JSON.stringify(report, null, 2));
}

main().catch(async (error: unknown) => {
  console.error(error);
  await deleteKeys(redis, prefix).catch(() => undefined);
  process.exit(1);
});
