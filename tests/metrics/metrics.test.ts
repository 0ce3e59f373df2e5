import { describe, expect, it } from 'vitest';
import { xFaults } from '../fakes/x-api.js';
import { deliveryEnv, eventually, useCrierWorld, type CrierUnderTest } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();
const METRICS_TOKEN = 'metrics-token-0123456789';

const world = useCrierWorld();

async function scrape(c: CrierUnderTest, token = METRICS_TOKEN): Promise<{ status: number; text: string; type: string | null }> {
  const res = await fetch(`${c.url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

/** The value of one series, e.g. `crier_deliveries_total{platform="x",outcome="published"}`; 0 when absent. */
function value(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

async function stateOf(c: CrierUnderTest, id: string): Promise<string> {
  return ((await c.editor('GET', `/v1/posts/${id}`)).json as { post: { state: string } }).post.state;
}

describe('GET /metrics', () => {
  it('wants METRICS_TOKEN when it is set', async () => {
    const fakes = await world.fakes();
    const crier = await world.crier(deliveryEnv(world.prefix, fakes, 'templates', { METRICS_TOKEN }));
    expect((await scrape(crier, '')).status).toBe(401);
    expect((await scrape(crier, 'metrics-token-wrong-value')).status).toBe(401);
    const ok = await scrape(crier);
    expect(ok.status).toBe(200);
    expect(ok.type).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('figures follow the posts: review backlog, deliveries, latency, rate-limit deferrals, queue depth', async () => {
    const fakes = await world.fakes();
    const resetAt = Math.ceil(Date.now() / 1000) + 1;
    fakes.x.fail('POST', '/2/tweets', xFaults.rateLimited(resetAt));
    const crier = await world.crier(deliveryEnv(world.prefix, fakes, 'templates', { METRICS_TOKEN, REVIEW_PLATFORMS: 'mastodon' }));
    const c = crier;
    const before = (await scrape(c)).text;
    expect(value(before, 'crier_posts_waiting_review')).toBe(0);
    expect(value(before, 'crier_deliveries_total{platform="x",outcome="published"}')).toBe(0);

    const body = JSON.stringify(seed);
    const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
    const posts = ((await res.json()) as { posts: { id: string; platform: string }[] }).posts;
    const x = posts.find((p) => p.platform === 'x')!.id;
    const mastodon = posts.find((p) => p.platform === 'mastodon')!.id;
    await eventually(async () => (await stateOf(c, x)) === 'published', 30_000, 'X published after its rate limit');

    const middle = (await scrape(c)).text;
    expect(value(middle, 'crier_posts_waiting_review')).toBe(1);
    expect(value(middle, 'crier_rate_limit_deferrals_total{platform="x"}')).toBe(1);
    expect(value(middle, 'crier_deliveries_total{platform="x",outcome="rate_limited"}')).toBe(1);
    expect(value(middle, 'crier_deliveries_total{platform="x",outcome="published"}')).toBe(1);
    expect(value(middle, 'crier_delivery_latency_seconds_count{platform="x"}')).toBe(1);
    // Every bucket is there, cumulative, ending at +Inf with the count, whichever buckets the delivery fell in.
    const buckets = [...middle.matchAll(/^crier_delivery_latency_seconds_bucket\{platform="x",le="([^"]+)"\} (\S+)$/gm)].map((m) => [m[1], Number(m[2])] as const);
    expect(buckets.map(([le]) => le)).toEqual(['0.5', '1', '2', '5', '10', '30', '60', '120', '300', '900', '3600', '+Inf']);
    buckets.forEach(([, n], i) => expect(n).toBeGreaterThanOrEqual(i === 0 ? 0 : buckets[i - 1]![1]));
    expect(buckets.at(-1)![1]).toBe(1);
    expect(value(middle, 'crier_deliveries_total{platform="mastodon",outcome="published"}')).toBe(0);
    expect(value(middle, 'bullmq_job_count{queue="publish.x.default",state="completed"}')).toBe(1);

    const { json } = await c.editor('GET', `/v1/posts/${mastodon}`);
    const version = (json as { post: { version: number } }).post.version;
    expect((await c.editor('POST', `/v1/posts/${mastodon}/approve`, { version })).status).toBe(200);
    await eventually(async () => (await stateOf(c, mastodon)) === 'published', 30_000, 'Mastodon published after approval');

    const after = (await scrape(c)).text;
    expect(value(after, 'crier_posts_waiting_review')).toBe(0);
    expect(value(after, 'crier_deliveries_total{platform="mastodon",outcome="published"}')).toBe(1);
    expect(value(after, 'bullmq_job_count{queue="publish.mastodon.default",state="completed"}')).toBe(1);
    expect(after).toContain('# TYPE crier_alerts_total counter');
  });

  it('in a split deployment the intake server reports what a separate worker process delivered', async () => {
    const fakes = await world.fakes();
    const env = deliveryEnv(world.prefix, fakes, 'templates', { METRICS_TOKEN });
    const crier = await world.crier(env, { serve: true, work: false });
    await world.crier(env, { serve: false, work: true });
    const c = crier;
    const body = JSON.stringify(seed);
    const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
    const posts = ((await res.json()) as { posts: { id: string }[] }).posts;
    for (const p of posts) await eventually(async () => (await stateOf(c, p.id)) === 'published', 30_000, 'published by the worker process');
    // The worker writes its counts once a second, so the intake's scrape sees them within that.
    let text = '';
    await eventually(async () => {
      text = (await scrape(c)).text;
      return value(text, 'crier_delivery_latency_seconds_count{platform="mastodon"}') === 1 && value(text, 'crier_deliveries_total{platform="x",outcome="published"}') === 1;
    }, 30_000, 'the worker process\'s counts on the intake\'s /metrics');
    expect(value(text, 'crier_deliveries_total{platform="x",outcome="published"}')).toBe(1);
    expect(value(text, 'crier_deliveries_total{platform="mastodon",outcome="published"}')).toBe(1);
    expect(value(text, 'crier_delivery_latency_seconds_count{platform="mastodon"}')).toBe(1);
  });
});
