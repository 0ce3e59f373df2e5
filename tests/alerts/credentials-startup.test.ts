import { describe, expect, it } from 'vitest';
import { deliveryEnv, eventually, useCrierWorld } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { startAlertSink } from './alert-sink.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();

const world = useCrierWorld();

interface Ready {
  status: string;
  accounts?: { platform: string; account: string; status: string; identity?: string; detail?: string }[];
}

describe('credentials checked at start-up', () => {
  it('a refused account is alerted and shown on /readyz; the other accounts deliver', async () => {
    const sink = await startAlertSink();
    world.onCleanup(() => sink.close());
    const fakes = await world.fakes();
    const crier = await world.crier(
      deliveryEnv(world.prefix, fakes, 'templates', { ALERT_WEBHOOK_URL: sink.url, X_ACCESS_SECRET: 'revoked-access-secret-value' }),
    );
    const c = crier;
    const ready = await eventually(async () => {
      const body = (await (await fetch(`${c.url}/readyz`)).json()) as Ready;
      return body.accounts?.every((a) => a.status !== 'checking') && body;
    }, 20_000, 'the credential checks');
    expect(ready.status).toBe('ready');
    const byPlatform = new Map(ready.accounts!.map((a) => [a.platform, a]));
    expect(byPlatform.get('x')).toMatchObject({ account: 'default', status: 'refused', detail: expect.stringMatching(/401|Unauthorized/i) });
    expect(byPlatform.get('mastodon')).toMatchObject({ account: 'default', status: 'ok', identity: expect.stringMatching(/^@/) });
    expect(JSON.stringify(ready)).not.toContain('revoked-access-secret-value');

    await eventually(() => sink!.received.some((a) => a.type === 'account.credentials_failed'), 20_000, 'the credentials alert');
    expect(sink.received.filter((a) => a.type === 'account.credentials_failed')).toEqual([
      expect.objectContaining({ platform: 'x', account: 'default', post: null }),
    ]);

    const body = JSON.stringify(seed);
    const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
    const posts = ((await res.json()) as { posts: { id: string; platform: string }[] }).posts;
    const stateOf = async (platform: string) =>
      ((await c.editor('GET', `/v1/posts/${posts.find((p) => p.platform === platform)!.id}`)).json as { post: { state: string } }).post.state;
    await eventually(async () => (await stateOf('mastodon')) === 'published', 20_000, 'Mastodon published');
    await eventually(async () => (await stateOf('x')) === 'failed', 20_000, 'X failed on its refused credentials');
    expect(fakes.mastodon.statuses.length).toBeGreaterThan(0);
    expect(fakes.x.tweets).toHaveLength(0);
  });
});
