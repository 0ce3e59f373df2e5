import { describe, expect, it } from 'vitest';
import { mastodonFaults } from '../fakes/mastodon.js';
import { xFaults } from '../fakes/x-api.js';
import { deliveryEnv, eventually, useCrierWorld, type CrierUnderTest } from '../helpers/crier-harness.js';
import { signedHeaders } from '../helpers/sign.js';
import { startImageHost, type ImageHost } from './image-host.js';
import { startFleet, type Fleet } from './platform-fleet.js';
import { articleJson } from '../helpers/builders.js';

const seed = articleJson();
const ALT = 'Wang Yi and Ishaq Dar shake hands in Islamabad';
const PLATFORMS = ['x', 'mastodon', 'telegram', 'threads', 'linkedin', 'discord', 'slack'];

const world = useCrierWorld();

async function start(extra: Record<string, string> = {}): Promise<{ crier: CrierUnderTest; fleet: Fleet; host: ImageHost }> {
  const host = await startImageHost({ hugeBytes: 60_000 });
  world.onCleanup(() => host.close());
  const fleet = await startFleet();
  world.onCleanup(() => fleet.close());
  const crier = await world.crier(
    deliveryEnv(world.prefix, fleet, 'templates', { ...fleet.env, FETCH_MAX_BYTES: '50000', MEDIA_FETCH_ATTEMPTS: '2', MEDIA_RETRY_DELAY_MS: '50', ...extra }),
  );
  return { crier, fleet, host };
}

interface PostView {
  id: string;
  platform: string;
  state: string;
  warnings?: string[];
}

async function publish(c: CrierUnderTest, imageUrl: string, id: string): Promise<PostView[]> {
  const body = JSON.stringify({ ...seed, id, image: { url: imageUrl, alt: ALT } });
  const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', body, headers: signedHeaders(body) });
  expect(res.status).toBe(202);
  return ((await res.json()) as { posts: PostView[] }).posts;
}

async function postsOf(c: CrierUnderTest, ids: string[]): Promise<PostView[]> {
  return Promise.all(ids.map(async (id) => ((await c.editor('GET', `/v1/posts/${id}`)).json as { post: PostView }).post));
}

async function allIn(c: CrierUnderTest, ids: string[], state: string): Promise<PostView[]> {
  return eventually(async () => {
    const posts = await postsOf(c, ids);
    return posts.every((p) => p.state === state) && posts;
  }, 30_000, `every post ${state}`);
}

describe('an article image that cannot be had does not stop the post', () => {
  it.each([
    ['unreachable', (_h: ImageHost) => 'http://127.0.0.1:9/photo.jpg', /could not fetch from 127\.0\.0\.1.*gave up after 2 tries/],
    ['404', (h: ImageHost) => `${h.url}/missing.png`, /answered 404/],
    ['not an image', (h: ImageHost) => `${h.url}/page.png`, /not an image \(text\/html\)/],
    ['oversized', (h: ImageHost) => `${h.url}/huge.png`, /larger than 50000 bytes/],
  ])('%s: every platform posts without it and the post records why', async (name, imageUrl, reason) => {
    const { crier: c, fleet: f, host: h } = await start();
    const url = imageUrl(h);
    const created = await publish(c, url, `missing-image-${name.replace(/\W/g, '-')}`);
    expect(created.map((p) => p.platform).sort()).toEqual([...PLATFORMS].sort());
    const posts = await allIn(c, created.map((p) => p.id), 'published');

    for (const post of posts) {
      expect(post.warnings, post.platform).toHaveLength(1);
      expect(post.warnings?.[0]).toContain(`image ${url} left out: `);
      expect(post.warnings?.[0]).toMatch(reason);
    }
    expect(f.x.tweets[0]?.mediaIds).toEqual([]);
    expect(f.mastodon.statuses[0]?.mediaIds).toEqual([]);
    expect(f.telegram.sent.map((m) => m.method)).toEqual(['sendMessage']);
    expect(f.threads.containers[0]?.params.media_type).toBe('TEXT');
    expect(f.linkedin.posts[0]?.body).not.toHaveProperty('content.article.thumbnail');
    expect(JSON.stringify(f.discord.sent[0]?.body)).not.toContain(url);
    expect(JSON.stringify(f.slack.posted[0])).not.toContain(url);
  });

  it('IMAGE_POLICY=review holds the post for an editor instead; approving sends it without the image', async () => {
    const { crier: c, fleet: f, host: h } = await start({ IMAGE_POLICY: 'review' });
    const url = `${h.url}/missing.png`;
    const created = await publish(c, url, 'missing-image-review');
    const x = created.find((p) => p.platform === 'x')!;
    const held = await allIn(c, [x.id], 'pending_review');
    expect(held[0]?.warnings?.[0]).toMatch(/left out: .*answered 404/);
    const { json } = await c.editor('GET', `/v1/posts/${x.id}`);
    const history = (json as { history: { to: string; reason?: string }[] }).history;
    expect(history.at(-1)).toMatchObject({ to: 'pending_review', reason: expect.stringMatching(/IMAGE_POLICY=review/) });
    expect(f.x.tweets).toHaveLength(0);

    expect((await c.editor('POST', `/v1/posts/${x.id}/approve`, {})).status).toBe(200);
    await allIn(c, [x.id], 'published');
    expect(f.x.tweets[0]?.mediaIds).toEqual([]);
    expect(h.hits('/missing.png')).toBe(1);
  });
});

describe('media once per article', () => {
  it('fetches the image once for every platform and every retry, and sends its alt text along', async () => {
    const { crier: c, fleet: f, host: h } = await start();
    f.x.fail('POST', '/2/tweets', xFaults.serverError());
    f.mastodon.fail('POST', '/api/v1/statuses', mastodonFaults.serverError());
    const created = await publish(c, `${h.url}/photo.png`, 'image-once');
    const posts = await allIn(c, created.map((p) => p.id), 'published');

    expect(h.hits('/photo.png')).toBe(1);
    for (const post of posts) expect(post.warnings ?? [], post.platform).toEqual([]);
    // The retries happened: each platform answered 503 once, then took every part.
    expect(f.x.requests.filter((r) => r.method === 'POST' && r.path === '/2/tweets')).toHaveLength(f.x.tweets.length + 1);
    expect(f.mastodon.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses')).toHaveLength(f.mastodon.statuses.length + 1);

    const tweetMedia = f.x.media.get(f.x.tweets[0]!.mediaIds[0]!);
    expect(tweetMedia?.altText).toBe(ALT);
    const status = f.mastodon.statuses[0]!;
    expect(f.mastodon.media.get(status.mediaIds[0]!)?.description).toBe(ALT);
    expect(f.linkedin.posts[0]?.body).toMatchObject({ content: { article: { thumbnailAltText: ALT } } });
    expect(f.threads.containers[0]?.params).toMatchObject({ media_type: 'IMAGE', alt_text: ALT });
    // Telegram gets the article's own bytes, not a URL its servers would fetch again.
    expect(f.telegram.sent[0]).toMatchObject({ method: 'sendPhoto', body: { photo: { upload: 'image/png' } } });
  });
});
