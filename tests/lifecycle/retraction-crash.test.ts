import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { PostStore } from '../../src/posts/post-store.js';
import { xFaults } from '../fakes/x-api.js';
import {
  cleanup,
  deliveryEnv,
  eventually,
  randomPrefix,
  startCrier,
  startFakes,
  threadTemplatesDir,
  type CrierUnderTest,
  type Fakes,
} from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { newRedis } from '../helpers/redis.js';
import { spawnCrier, type WorkerProcess } from '../helpers/worker-process.js';

const seed = JSON.parse(readFileSync('tests/fixtures/beijing-islamabad.json', 'utf8')) as { id: string };

let fakes: Fakes | undefined;
let intake: CrierUnderTest | undefined;
const workers: WorkerProcess[] = [];
const dirs: string[] = [];
let prefix = '';
const redis = newRedis();

afterEach(async () => {
  for (const w of workers.splice(0)) {
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await w.exited;
  }
  await intake?.stop();
  await fakes?.close();
  await cleanup(prefix, dirs.splice(0));
});

async function send(body: unknown): Promise<void> {
  const text = JSON.stringify(body);
  const res = await fetch(`${intake!.url}/v1/articles`, { method: 'POST', body: text, headers: signedHeaders(text) });
  expect(res.status).toBe(202);
}

async function setUp(extra: Record<string, string> = {}) {
  prefix = randomPrefix();
  fakes = await startFakes();
  const templates = threadTemplatesDir();
  dirs.push(templates);
  const env = deliveryEnv(prefix, fakes, templates, { UNPUBLISH_POLICY: 'retract', ...extra });
  intake = await startCrier(env, { serve: true, work: false });
  const store = new PostStore(redis, { prefix: `${prefix}:` });
  return { env, store, f: fakes };
}

function worker(env: Record<string, string>): WorkerProcess {
  const w = spawnCrier(['work'], { ...env, PORT: '0' });
  workers.push(w);
  return w;
}

const deletesOf = (f: Fakes) => f.x.requests.filter((r) => r.method === 'DELETE' && r.fault !== 'respond' && r.fault !== 'drop').map((r) => r.path.split('/').pop());

describe('retraction through crashes and rate limits', () => {
  it('a worker killed with SIGKILL mid-retraction: the next one finishes it, no part deleted twice, none left', async () => {
    const { env, store, f } = await setUp();
    const first = worker(env);
    await send({ ...seed, revision: 1 });
    const posts = async () => store.forArticle(seed.id);
    await eventually(async () => (await posts()).every((p) => p.state === 'published') && (await posts()).length === 2, 40_000, 'the threads published');
    const tweets = f.x.liveTweets().map((t) => t.id);
    expect(tweets.length).toBeGreaterThan(2);

    // The last part's delete goes through; the next one is carried out by X but its answer never comes.
    f.x.fail('DELETE', /^\/2\/tweets\//, { kind: 'delay', ms: 0 }, 1);
    f.x.fail('DELETE', /^\/2\/tweets\//, { kind: 'acceptThenHang' }, 1);
    await send({ id: seed.id, status: 'unpublished' });
    await eventually(() => f.x.liveTweets().length === tweets.length - 2, 30_000, 'two tweets deleted');
    first.child.kill('SIGKILL');
    await first.exited;
    const xPost = (await posts()).find((p) => p.platform === 'x')!;
    expect(xPost.state).toBe('published');
    expect(xPost.retraction?.status).toBe('pending');

    worker(env);
    await eventually(async () => (await posts()).every((p) => p.state === 'retracted'), 40_000, 'both retracted by the next worker');
    expect(f.x.liveTweets()).toEqual([]);
    expect(f.mastodon.liveStatuses()).toEqual([]);
    // Every tweet asked once, but the one whose answer was lost, asked twice (the second found it gone).
    const asked = deletesOf(f);
    expect([...new Set(asked)].sort()).toEqual([...tweets].sort());
    expect(asked).toHaveLength(tweets.length + 1);
    expect(asked[0]).toBe(tweets.at(-1));
  }, 150_000);

  it('a 429 while retracting defers the account until the reset, without using up the retraction', async () => {
    const { env, store, f } = await setUp({ DELIVERY_ATTEMPTS: '1' });
    worker(env);
    await send({ ...seed, id: 'rate-limited-retraction', revision: 1 });
    await eventually(async () => (await store.forArticle('rate-limited-retraction')).filter((p) => p.state === 'published').length === 2, 40_000, 'published');
    f.x.fail('DELETE', /^\/2\/tweets\//, xFaults.rateLimited(Math.floor(Date.now() / 1000) + 2), 1);
    await send({ id: 'rate-limited-retraction', status: 'deleted' });
    // One attempt only: had the 429 counted as one, the retraction would have failed.
    await eventually(async () => (await store.forArticle('rate-limited-retraction')).every((p) => p.state === 'retracted'), 40_000, 'retracted after the reset');
    expect(f.x.liveTweets()).toEqual([]);
  }, 150_000);
});
