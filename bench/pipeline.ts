import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { Pool } from 'undici';
import { configFrom } from '../src/config.js';
import { runService } from '../src/service/run-service.js';
import { createAdapterProvider } from '../src/platforms/registry.js';
import { startFakeBluesky } from '../tests/fakes/bluesky-xrpc.js';
import { startFakeMastodon } from '../tests/fakes/mastodon.js';
import { startFakeX } from '../tests/fakes/x-api.js';
import { TEST_WEBHOOK_SECRET, signedHeaders } from '../tests/helpers/sign.js';
import { deleteKeys, randomPrefix } from '../tests/helpers/redis.js';
import { spawnCrier } from '../tests/helpers/worker-process.js';
import { queueCeiling, redisCommands, waitFor } from './queue-ceiling.js';
import { sampleArticles } from './sample-articles.js';

/**
 * One run, one Redis, figures as JSON:
 * - raw BullMQ ceiling: no-op jobs per second through three queues with one worker each (crier's
 *   shape: one queue per account, one job at a time), run before crier's phases and after them;
 * - crier: posts delivered per second, from signed HTTP events to zero-latency fakes of X,
 *   Bluesky and Mastodon, with `crier work` as its own process; and crier/raw;
 * - the delivery floor: the raw ceiling's queues with the two Lua steps and the one HTTP request
 *   that any exactly-once delivery needs per job (deliveryFloor);
 * - delivery alone: the same, but with every event accepted and its jobs queued before the clock
 *   starts, as the raw ceiling's jobs are; and that figure over raw and over the floor;
 * - latency from event accepted (the 202) to each post's first part arriving at its platform,
 *   with 50 events per second offered;
 * - the worker process's peak resident memory.
 */
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const THROUGHPUT_EVENTS = Number(process.env.BENCH_EVENTS ?? 300);
const RATE = 50;
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const RAW_JOBS = Number(process.env.BENCH_RAW_JOBS ?? 3000);
// Jobs of one account in flight at once, the same for the raw ceiling and for crier.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
// BENCH_PLATFORMS=bluesky measures one platform's path alone; each event makes one post per platform.
const PLATFORMS = (process.env.BENCH_PLATFORMS ?? 'x,mastodon,bluesky').split(',').filter(Boolean);
const POSTS_PER_EVENT = PLATFORMS.length;
// About what a post record and a publish job's snapshot of it weigh (measured: 1.9–2 KB).
const POST_RECORD_BYTES = 1900;

const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
const prefix = randomPrefix().replace('crier-test-', 'crier-bench-');

/** CPU seconds a process on this machine has used (user + system), from /proc; NaN when it cannot be read (a remote Redis). */
function cpuSecondsOf(pid: number): number {
  if (!Number.isInteger(pid)) return NaN;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return NaN;
  }
  const fields = stat.split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const redisCommandsNow = (): Promise<number> => redisCommands(redis);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The delivery floor (bench/delivery-floor.ts) in a process of its own, against a platform server
 * in this one that answers at once, as crier's worker runs against the fakes here.
 */
async function deliveryFloor(): Promise<{ jobsPerSecond: number; cpuMsPerJob: number }> {
  const platform = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"id":"109","url":"https://example.test/109"}');
    });
  });
  await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
  try {
    const env = {
      ...process.env,
      FLOOR_REDIS_URL: REDIS_URL,
      FLOOR_PREFIX: prefix,
      FLOOR_PLATFORM_URL: `http://127.0.0.1:${(platform.address() as AddressInfo).port}/statuses`,
      FLOOR_JOBS: String(RAW_JOBS),
      FLOOR_CONCURRENCY: String(CONCURRENCY),
      FLOOR_RECORD_BYTES: String(POST_RECORD_BYTES),
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/delivery-floor.ts'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`bench: the delivery floor exited ${code}`);
    return JSON.parse(out) as { jobsPerSecond: number; cpuMsPerJob: number };
  } finally {
    platform.close();
  }
}

/**
 * `crier render <fixture> --json` from the installed bin (dist/, run through its own first line as
 * an installed crier is), whole process, wall seconds over 7 runs after a warm-up; null without a build.
 */
function renderStartup(): { median: number; min: number; runs: number } | null {
  if (!existsSync('dist/cli.js')) return null;
  const once = (): number => {
    const started = performance.now();
    const run = spawnSync('./dist/cli.js', ['render', 'tests/fixtures/beijing-islamabad.json', '--json'], { stdio: 'ignore' });
    if (run.status !== 0) throw new Error(`bench: crier render exited ${run.status ?? run.signal}`);
    return (performance.now() - started) / 1000;
  };
  once();
  const times = Array.from({ length: 7 }, once).sort((a, b) => a - b);
  return { median: Number(times[3]!.toFixed(3)), min: Number(times[0]!.toFixed(3)), runs: times.length };
}

async function main(): Promise<void> {
  // A first, untimed pass warms the JIT, as crier's warm-up does for its worker.
  const rawRun = (jobs: number) => queueCeiling({ redisUrl: REDIS_URL, prefix, name: 'raw', jobs, concurrency: CONCURRENCY });
  await rawRun(600);
  const { jobsPerSecond: rawBefore, commandsPerJob: rawCommandsPerJob } = await rawRun(RAW_JOBS);
  const { jobsPerSecond: floor, cpuMsPerJob: floorCpuMsPerJob } = await deliveryFloor();

  // The article pages the Bluesky adapter reads for og:image: plain pages, answered at once.
  let siteHits = 0;
  const site = createServer((_req, res) => {
    siteHits++;
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><head><title>story</title></head><body>story</body></html>');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;

  const xCreds = { apiKey: 'bench-key', apiSecret: 'bench-secret', accessToken: 'bench-token', accessSecret: 'bench-access-secret' };
  const x = await startFakeX({ credentials: xCreds });
  const mastodon = await startFakeMastodon({ accessToken: 'bench-mastodon-token' });
  const bluesky = await startFakeBluesky({ handle: 'bench.test', password: 'bench-app-password' });

  const credentials: Record<string, Record<string, string>> = {
    x: {
      X_API_KEY: xCreds.apiKey,
      X_API_SECRET: xCreds.apiSecret,
      X_ACCESS_TOKEN: xCreds.accessToken,
      X_ACCESS_SECRET: xCreds.accessSecret,
      X_API_URL: x.url,
    },
    mastodon: { MASTODON_URL: mastodon.url, MASTODON_ACCESS_TOKEN: 'bench-mastodon-token' },
    bluesky: { BLUESKY_IDENTIFIER: 'bench.test', BLUESKY_APP_PASSWORD: 'bench-app-password', BLUESKY_SERVICE: bluesky.url },
  };
  const env: Record<string, string> = {
    REDIS_URL,
    REDIS_PREFIX: prefix,
    WEBHOOK_SECRET: TEST_WEBHOOK_SECRET,
    TEMPLATES_DIR: 'templates',
    LOG_LEVEL: 'silent',
    HOST: '127.0.0.1',
    PORT: '0',
    FETCH_ALLOW_PRIVATE: 'true',
    ...Object.assign({}, ...PLATFORMS.map((p) => credentials[p])),
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
  };
  const intake = await runService(configFrom(env), { serve: true, work: false, adapters: (c) => createAdapterProvider(c) });
  // BENCH_PROFILE_DIR=/tmp/x writes a CPU profile of the worker process there.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  // BENCH_WORKER_NODE_ARGS="--max-semi-space-size=4" tries V8 flags on the worker process.
  const workerNodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const worker = spawnCrier(['work'], env, [...workerNodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])]);

  // Varied articles, each made unique; images left out so no image work hides the pipeline's cost.
  const base = sampleArticles(60) as Record<string, unknown>[];
  const event = (n: number): string => {
    const a = base[n % base.length]!;
    return JSON.stringify({ ...a, id: `bench-${n}`, headline: `B${n}: ${String(a.headline)}`, url: `${siteUrl}/story/${n}`, image: undefined });
  };
  // The CMS's side: undici's request over kept-alive connections, not fetch, which costs about
  // three times the CPU per request and would take it from crier on the same two cores.
  if (!intake.address) throw new Error('bench: the intake is not listening');
  const cms = new Pool(intake.address, { connections: 16 });
  const send = async (n: number): Promise<number> => {
    const body = event(n);
    const res = await cms.request({ path: '/v1/articles', method: 'POST', body, headers: signedHeaders(body) });
    const text = await res.body.text();
    if (res.statusCode !== 202) throw new Error(`bench: event ${n} answered ${res.statusCode}: ${text}`);
    return Date.now();
  };
  const published = () => redis.zcard(`${prefix}:posts:state:published`);

  // Warm-up: the worker's process starts, logs in to Bluesky, JIT warms.
  for (let n = 0; n < 20; n++) await send(1_000_000 + n);
  await waitFor(async () => (await published()) >= 20 * POSTS_PER_EVENT, 120_000, 'warm-up posts');

  const postsTimed = THROUGHPUT_EVENTS * POSTS_PER_EVENT;
  const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1]);
  // THROUGHPUT_EVENTS events from ids `firstId` on, as fast as 16 concurrent clients can send them.
  const sendAll = async (firstId: number): Promise<void> => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < THROUGHPUT_EVENTS) await send(firstId + next++);
      }),
    );
  };
  // CPU each process spent per timed post, from now until the returned function is called.
  const cpuMeter = () => {
    const worker0 = cpuSecondsOf(worker.child.pid!);
    const main0 = process.cpuUsage();
    const redis0 = cpuSecondsOf(redisPid);
    return () => {
      const main = process.cpuUsage(main0);
      return {
        worker: ((cpuSecondsOf(worker.child.pid!) - worker0) * 1000) / postsTimed,
        main: (main.user + main.system) / 1000 / postsTimed,
        redis: ((cpuSecondsOf(redisPid) - redis0) * 1000) / postsTimed,
      };
    };
  };

  // Throughput: events sent as fast as 16 concurrent clients can, until every post is out.
  const before = await published();
  const started = performance.now();
  const commandsBefore = await redisCommandsNow();
  const throughputCpu = cpuMeter();
  await sendAll(0);
  // How long the intake took to accept every event, against how long until every post was out:
  // close together, the intake was the limit; far apart, the workers were.
  const acceptedSeconds = (performance.now() - started) / 1000;
  await waitFor(async () => (await published()) >= before + postsTimed, 300_000, 'throughput posts');
  const crierPostsPerSecond = postsTimed / ((performance.now() - started) / 1000);
  const redisCommandsPerPost = ((await redisCommandsNow()) - commandsBefore) / postsTimed;
  const cpu = throughputCpu();
  const deliveredSeconds = (performance.now() - started) / 1000;

  // Delivery alone, measured as the raw ceiling is: every job queued before the clock starts. The
  // worker process is stopped (SIGSTOP: it holds no job, so nothing stalls) while the intake
  // accepts the events, then let go; the clock runs from then until every post is out.
  const beforeDelivery = await published();
  worker.child.kill('SIGSTOP');
  await sendAll(4_000_000);
  const deliveryCpu = cpuMeter();
  const deliveryStarted = performance.now();
  worker.child.kill('SIGCONT');
  await waitFor(async () => (await published()) >= beforeDelivery + postsTimed, 300_000, 'delivery posts');
  const deliverySeconds = (performance.now() - deliveryStarted) / 1000;
  const deliveryPostsPerSecond = postsTimed / deliverySeconds;
  const deliveryCpuMs = deliveryCpu();
  // Raw again, once crier's timed phases are over: this machine's speed drifts within a run, and
  // every ratio divides by the mean of the two.
  const { jobsPerSecond: rawAfter } = await rawRun(RAW_JOBS);
  const raw = (rawBefore + rawAfter) / 2;
  const delivery = {
    postsPerSecond: Math.round(deliveryPostsPerSecond),
    ratioToRaw: Number((deliveryPostsPerSecond / raw).toFixed(3)),
    ratioToFloor: Number((deliveryPostsPerSecond / floor).toFixed(3)),
    seconds: Number(deliverySeconds.toFixed(2)),
    cpuMsPerPost: {
      worker: Number(deliveryCpuMs.worker.toFixed(2)),
      fakes: Number(deliveryCpuMs.main.toFixed(2)),
      redis: Number(deliveryCpuMs.redis.toFixed(2)),
    },
  };

  // Latency: 50 events per second offered, on a fixed schedule.
  const latencyEvents = RATE * LATENCY_SECONDS;
  const first = 2_000_000;
  const acceptedAt = new Map<number, number>();
  const t0 = Date.now();
  const sends: Promise<void>[] = [];
  for (let i = 0; i < latencyEvents; i++) {
    const due = t0 + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sends.push(send(first + i).then((at) => void acceptedAt.set(first + i, at)));
  }
  await Promise.all(sends);
  const beforeLatency = beforeDelivery + postsTimed;
  await waitFor(async () => (await published()) >= beforeLatency + latencyEvents * POSTS_PER_EVENT, 300_000, 'latency posts');

  const arrival = new Map<string, number>();
  // Every headline starts "B<n>:" (after whatever label a template puts first): that is the event.
  const eventOf = (text: string | undefined): string | undefined => /(?:^|\s)B(\d+):/u.exec(text ?? '')?.[1];
  for (const t of x.tweets) {
    const key = eventOf(t.sentText);
    if (key && !t.replyTo) arrival.set(`x:${key}`, Date.parse(t.createdAt));
  }
  for (const s of mastodon.statuses) {
    const key = eventOf(s.text);
    if (key && !s.inReplyToId) arrival.set(`mastodon:${key}`, Date.parse(s.createdAt));
  }
  for (const r of bluesky.records.values()) {
    const key = eventOf(r.record.text);
    if (key && !r.record.reply) arrival.set(`bluesky:${key}`, r.receivedAt);
  }
  // Requests each post cost its platform: the parts of its thread (every fake keeps every part).
  const partsPerPost = (texts: (string | undefined)[]): number => {
    const events = new Set(texts.map(eventOf).filter((key) => key !== undefined));
    return Number((texts.length / Math.max(1, events.size)).toFixed(2));
  };
  const partsPerPostByPlatform: Record<string, number> = {
    x: partsPerPost(x.tweets.map((t) => t.sentText)),
    mastodon: partsPerPost(mastodon.statuses.map((s) => s.text)),
    bluesky: partsPerPost([...bluesky.records.values()].map((r) => r.record.text)),
  };
  if (process.env.BENCH_COMMANDS === '1') {
    const count = (paths: string[]) => paths.reduce((m, p) => m.set(p, (m.get(p) ?? 0) + 1), new Map<string, number>());
    const rows = [
      ...[...count(x.requests.map((r) => `x ${r.method} ${r.path}`))],
      ...[...count(mastodon.requests.map((r) => `mastodon ${r.method} ${r.path}`))],
      ...[...bluesky.hits].map(([path, n]) => [`bluesky ${path}`, n] as const),
      ['article page (og:image)', siteHits] as const,
    ];
    console.error(`platform requests in all:\n${rows.map(([name, n]) => `${String(name).padEnd(48)} ${n}`).join('\n')}`);
  }
  const latencies: number[] = [];
  for (const [n, accepted] of acceptedAt) {
    for (const platform of PLATFORMS) {
      const at = arrival.get(`${platform}:${n}`);
      if (at === undefined) throw new Error(`bench: no first part found for ${platform} event ${n}`);
      latencies.push(Math.max(0, at - accepted));
    }
  }
  latencies.sort((a, b) => a - b);

  // Commands crier's processes send to Redis per post (a pipelined batch counts each of its
  // commands), counted with MONITOR in a short phase of its own (MONITOR slows Redis, so not during
  // the timed phases). Commands that Lua scripts run inside Redis are counted apart.
  const ownAddress = /addr=(\S+)/.exec(String(await redis.call('CLIENT', 'INFO')))?.[1];
  const monitor = await redis.monitor();
  let clientCommands = 0;
  let insideScripts = 0;
  // BENCH_COMMANDS=1 also prints which commands they are, by name, per post.
  const byName = new Map<string, number>();
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source === ownAddress) return;
    if (source === 'lua') insideScripts++;
    else clientCommands++;
    const name = `${source === 'lua' ? 'lua' : 'client'} ${String(args[0]).toUpperCase()}`;
    byName.set(name, (byName.get(name) ?? 0) + 1);
  });
  const traced = 30;
  const tracedFirst = 3_000_000;
  const beforeTraced = await published();
  for (let i = 0; i < traced; i++) await send(tracedFirst + i);
  await waitFor(async () => (await published()) >= beforeTraced + traced * POSTS_PER_EVENT, 300_000, 'traced posts');
  // Let the last jobs settle (completion, the next fetch) before counting stops.
  await new Promise((r) => setTimeout(r, 500));
  monitor.disconnect();
  const clientCommandsPerPost = clientCommands / (traced * POSTS_PER_EVENT);
  const scriptCommandsPerPost = insideScripts / (traced * POSTS_PER_EVENT);
  if (process.env.BENCH_COMMANDS === '1') {
    const rows = [...byName].sort((a, b) => b[1] - a[1]).map(([name, n]) => `${name.padEnd(32)} ${(n / (traced * POSTS_PER_EVENT)).toFixed(2)}`);
    console.error(`commands per post, by name:\n${rows.join('\n')}`);
  }

  const status = readFileSync(`/proc/${worker.child.pid}/status`, 'utf8');
  const peakKb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);

  worker.child.kill('SIGTERM');
  await worker.exited;
  await cms.close();
  await intake.stop();
  await Promise.all([x.close(), mastodon.close(), bluesky.close()]);
  site.close();
  await deleteKeys(redis, prefix);
  redis.disconnect();
  const render = renderStartup();

  console.log(
    JSON.stringify(
      {
        benchmark: 'pipeline',
        rawBullmqJobsPerSecond: Math.round(raw),
        rawBullmqRuns: [Math.round(rawBefore), Math.round(rawAfter)],
        // What BullMQ itself spends per job, added, taken and finished: the floor under crier's figure.
        rawBullmqCommandsPerJob: Number(rawCommandsPerJob.toFixed(1)),
        // The same queues with the least exactly-once delivery needs per job (deliveryFloor), and its share of raw.
        floorJobsPerSecond: Math.round(floor),
        floorCpuMsPerJob: Number(floorCpuMsPerJob.toFixed(2)),
        floorToRaw: Number((floor / raw).toFixed(3)),
        crierPostsPerSecond: Math.round(crierPostsPerSecond),
        ratioCrierToRaw: Number((crierPostsPerSecond / raw).toFixed(3)),
        // The same posts with every job queued first, as the raw ceiling's jobs are.
        delivery,
        concurrencyPerAccount: CONCURRENCY,
        throughputEvents: THROUGHPUT_EVENTS,
        platforms: PLATFORMS,
        postsPerEvent: POSTS_PER_EVENT,
        partsPerPost: Object.fromEntries(PLATFORMS.map((p) => [p, partsPerPostByPlatform[p]])),
        latencyMs: {
          offeredEventsPerSecond: RATE,
          events: latencyEvents,
          posts: latencies.length,
          p50: percentile(latencies, 50),
          p99: percentile(latencies, 99),
          max: latencies[latencies.length - 1],
        },
        cpuMsPerPost: {
          worker: Number(cpu.worker.toFixed(2)),
          intakeAndFakes: Number(cpu.main.toFixed(2)),
          redis: Number(cpu.redis.toFixed(2)),
        },
        throughputSeconds: { allAccepted: Number(acceptedSeconds.toFixed(2)), allDelivered: Number(deliveredSeconds.toFixed(2)) },
        redisCommandsPerPost: Number(redisCommandsPerPost.toFixed(1)),
        redisClientCommandsPerPost: Number(clientCommandsPerPost.toFixed(1)),
        redisCommandsInsideScriptsPerPost: Number(scriptCommandsPerPost.toFixed(1)),
        workerPeakRssMb: Number((peakKb / 1024).toFixed(1)),
        renderStartupSeconds: render,
        node: process.version,
      },
      null,
      2,
    ),
  );
}

main().catch(async (error: unknown) => {
  console.error(error);
  await deleteKeys(redis, prefix).catch(() => undefined);
  process.exit(1);
});
