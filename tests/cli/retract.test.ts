import { describe, expect, it } from 'vitest';
import { deliveryEnv, eventually, useCrierWorld } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { runCrier } from './spawn-with-stdin.js';

// The command runs as its own process (through tsx), against the workers of a running crier.
const SLOW = 120_000;

const world = useCrierWorld();

describe('crier retract', () => {
  it('queues the deletion of what went out, prints each post, and the workers delete it', async () => {
    const fakes = await world.fakes();
    const env = deliveryEnv(world.prefix, fakes, 'templates');
    const crier = await world.crier(env);
    const body = JSON.stringify({ id: 'cli-retract-1', url: 'https://example.com/a', headline: 'Council approves budget', revision: 1 });
    expect((await fetch(`${crier.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) })).status).toBe(202);
    await eventually(() => fakes!.x.liveTweets().length === 1 && fakes!.mastodon.liveStatuses().length === 1, 30_000, 'posts out');

    const result = await runCrier(['retract', 'cli-retract-1', '--reason', 'wrong budget figures', '--as', 'dana'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^retracting cli-retract-1:/);
    // The running workers may already have finished one by the time the command prints.
    expect(result.stdout).toMatch(/x\/default\s+article\s+(published \(retraction pending\)|retracted)$/m);
    expect(result.stdout).toMatch(/mastodon\/default\s+article\s+(published \(retraction pending\)|retracted)$/m);
    await eventually(() => fakes!.x.liveTweets().length === 0 && fakes!.mastodon.liveStatuses().length === 0, 30_000, 'posts deleted');
    const view = (await crier.editor('GET', '/v1/articles/cli-retract-1')).json as { posts: { state: string; history: { by: string; reason?: string }[] }[] };
    await eventually(async () => ((await crier!.editor('GET', '/v1/articles/cli-retract-1')).json as typeof view).posts.every((p) => p.state === 'retracted'), 30_000, 'retracted');
    const after = (await crier.editor('GET', '/v1/articles/cli-retract-1')).json as typeof view;
    for (const post of after.posts) expect(post.history.at(-1)).toMatchObject({ by: 'editor:dana' });
  }, SLOW);

  it('an unknown article exits 2 with a message naming it', async () => {
    const result = await runCrier(['retract', 'no-such-article'], { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: world.prefix, LOG_LEVEL: 'silent' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/no article "no-such-article"/);
  }, SLOW);
});
