import { describe, expect, it } from 'vitest';
import { xFaults } from '../fakes/x-api.js';
import { eventually, sendEvent, useCrierWorld, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { articleText } from '../helpers/builders.js';

const seed = JSON.parse(articleText()) as { id: string };

const world = useCrierWorld();
const worker = (env: Record<string, string>) => world.worker(env);
let intake: CrierUnderTest | undefined;

async function send(body: Record<string, unknown>): Promise<void> {
  expect((await sendEvent(intake!, body)).status).toBe(202);
}

/** An intake-only crier that retracts unpublished articles; delivery and retraction are up to worker processes. */
async function setUp(extra: Record<string, string> = {}) {
  const env = await world.env({ UNPUBLISH_POLICY: 'retract', ...extra });
  intake = await world.crier(env, { serve: true, work: false });
  return { env, store: world.store, f: await world.fakes() };
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
