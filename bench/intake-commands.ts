import { Redis } from 'ioredis';
import { configFrom } from '../src/config.js';
import { runService } from '../src/service/run-service.js';
import { createAdapterProvider } from '../src/platforms/registry.js';
import { serviceEnv } from '../tests/helpers/service-env.js';
import { signedHeaders } from '../tests/helpers/sign.js';
import { deleteKeys, randomPrefix } from '../tests/helpers/test-redis.js';
import { sampleArticles } from './sample-articles.js';

/**
 * What the intake process alone sends to Redis per article event (3 posts), counted with MONITOR:
 * the pipeline bench mixes it with the worker's commands. Events are sent one at a time, so the
 * commands of one event are its round trips laid end to end (a pipelined batch or MULTI counts
 * each of its commands). Run it against a Redis of its own: other clients would be counted too.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20);

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefix = randomPrefix().replace('crier-test-', 'crier-bench-');

async function main(): Promise<void> {
  // Accounts for X, Bluesky and Mastodon that point nowhere: this process only takes events in.
  const env = serviceEnv(prefix, { REDIS_URL, HOST: '127.0.0.1', PORT: '0' });
  const intake = await runService(configFrom(env), { serve: true, work: false, adapters: (c) => createAdapterProvider(c) });
  const base = sampleArticles(20) as Record<string, unknown>[];
  const send = async (n: number, revision = 1): Promise<void> => {
    const a = base[n % base.length]!;
    const body = JSON.stringify({ ...a, id: `intake-${n}`, revision, image: undefined });
    const res = await fetch(`${intake.address}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
    if (res.status !== 202) throw new Error(`bench: event ${n} answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  };
  // Warm-up: scripts loaded, queues' connections set up.
  for (let n = 0; n < 3; n++) await send(1_000 + n);

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
  const phases: [string, (n: number) => Promise<void>][] = [
    ['new article', (n) => send(n)],
    ['same event again', (n) => send(n)],
    ['revision 2', (n) => send(n, 2)],
  ];
  for (const [name, run] of phases) {
    phase = name;
    for (let n = 0; n < EVENTS; n++) await run(n);
    await settle();
  }
  phase = '';
  monitor.disconnect();

  const report: Record<string, unknown> = {};
  for (const [name] of phases) {
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
