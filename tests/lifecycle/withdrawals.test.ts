import { Queue } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { eventually, threadTemplatesDir } from '../helpers/crier-harness.js';
import { REDIS_URL } from '../helpers/redis.js';
import { articleEvent as article } from '../helpers/builders.js';
import { seed, useWorlds } from './lifecycle-harness.js';

const worlds = useWorlds('retract');

const withdraw = (status: 'unpublished' | 'deleted', id = 'lifecycle-article-1') => ({ id, status });

describe('unpublished and deleted articles', () => {
  it('UNPUBLISH_POLICY=retract deletes every part that went out, on every platform that can delete, and says which cannot', async () => {
    const templates = threadTemplatesDir();
    const world = await worlds.start({ env: { UNPUBLISH_POLICY: 'retract', TEMPLATES_DIR: templates }, chat: true, bluesky: true });
    const event = { ...seed, revision: 1 };
    const accepted = await world.send(event);
    const platforms = accepted.json.posts.map((p) => p.platform).sort();
    expect(platforms).toEqual(['bluesky', 'discord', 'mastodon', 'slack', 'telegram', 'x']);
    for (const platform of platforms) await world.waitFor(String(seed.id), platform, 'published');
    expect(world.fakes.x.liveTweets().length).toBeGreaterThan(1); // a thread, so the order of deletion matters
    const sentTelegram = world.telegram!.sent.map((m) => m.message_id);
    const sentDiscord = world.discord!.sent.map((m) => m.id);

    const res = await world.send(withdraw('unpublished', String(seed.id)));
    expect(res.status).toBe(202);
    expect(res.json.action).toBe('withdrawn');
    for (const platform of ['x', 'mastodon', 'bluesky', 'telegram', 'discord']) await world.waitFor(String(seed.id), platform, 'retracted');

    expect(world.fakes.x.liveTweets()).toEqual([]);
    expect(world.fakes.mastodon.liveStatuses()).toEqual([]);
    expect(await world.blueskyTexts()).toEqual([]);
    // Each part deleted once, the last part first.
    expect(world.telegram!.deleted).toEqual([...sentTelegram].reverse());
    expect(world.discord!.deleted).toEqual([...sentDiscord].reverse());
    const deletes = world.fakes.x.requests.filter((r) => r.method === 'DELETE').map((r) => r.path.split('/').pop());
    expect(deletes).toEqual(world.fakes.x.tweets.map((t) => t.id).reverse());

    // Slack's incoming webhooks cannot delete: the post says so and stays published.
    const slack = await eventually(
      async () => (await world!.articlePosts(String(seed.id))).find((p) => p.platform === 'slack' && p.retraction?.status === 'unsupported'),
      30_000,
      'slack retraction marked unsupported',
    );
    expect(slack.state).toBe('published');
    expect(slack.retraction?.error).toMatch(/incoming webhooks cannot delete/);

    // The same withdrawal again deletes nothing more.
    const again = await world.send(withdraw('unpublished', String(seed.id)));
    expect(again.json.action).toBe('duplicate');
    expect(world.telegram!.deleted).toHaveLength(sentTelegram.length);
  });

  it('UNPUBLISH_POLICY=review deletes nothing until an editor retracts', async () => {
    const world = await worlds.start({ bluesky: true });
    await world.send(article({ revision: 1 }));
    for (const platform of ['x', 'mastodon', 'bluesky']) await world.waitFor('lifecycle-article-1', platform, 'published');
    const res = await world.send(withdraw('deleted'));
    expect(res.json.action).toBe('withdrawn');
    const posts = await world.articlePosts('lifecycle-article-1');
    for (const post of posts) {
      expect(post.state).toBe('published');
      expect(post.retraction).toMatchObject({ status: 'needed', reason: 'article deleted' });
    }
    expect(world.fakes.x.liveTweets()).toHaveLength(1);
    expect(world.fakes.mastodon.liveStatuses()).toHaveLength(1);
    expect(await world.blueskyTexts()).toHaveLength(1);

    const retract = await world.crier.editor('POST', '/v1/articles/lifecycle-article-1/retract', { reason: 'legal kill' });
    expect(retract.status).toBe(202);
    for (const platform of ['x', 'mastodon', 'bluesky']) await world.waitFor('lifecycle-article-1', platform, 'retracted');
    expect(world.fakes.x.liveTweets()).toEqual([]);
    expect(world.fakes.mastodon.liveStatuses()).toEqual([]);
    expect(await world.blueskyTexts()).toEqual([]);
    const history = ((await world.crier.editor('GET', `/v1/posts/${posts[0]!.id}`)).json as { history: { to: string; by: string; reason?: string }[] }).history;
    expect(history.at(-1)).toMatchObject({ to: 'retracted', by: 'editor:alice' });
    expect(history.at(-1)?.reason).toMatch(/^legal kill/);
  });

  it('cancels queued posts at once and takes their jobs off the queue, so nothing fires', async () => {
    const world = await worlds.start({ env: { HOLD_SECONDS: '3600' } });
    const first = await world.send(article({ revision: 1 }));
    const queue = new Queue('publish.x.default', { connection: { url: REDIS_URL }, prefix: `${world.crier.prefix}:q` });
    try {
      const xPost = first.json.posts.find((p) => p.platform === 'x')!;
      expect(await queue.getJob(xPost.id)).toBeDefined();
      const res = await world.send(withdraw('unpublished'));
      expect(res.status).toBe(202);
      for (const post of await world.articlePosts('lifecycle-article-1')) expect(post.state).toBe('cancelled');
      expect(await queue.getJob(xPost.id)).toBeUndefined();
    } finally {
      await queue.close();
    }
  });

  it('POST /v1/posts/:id/retract retracts one post; a post that never went out is refused with 409', async () => {
    const world = await worlds.start({ env: { REVIEW_PLATFORMS: 'mastodon' } });
    const first = await world.send(article({ revision: 1 }));
    const x = await world.waitFor('lifecycle-article-1', 'x', 'published');
    const mastodon = first.json.posts.find((p) => p.platform === 'mastodon')!;
    expect((await world.crier.editor('POST', `/v1/posts/${mastodon.id}/retract`, {})).status).toBe(409);
    expect((await world.crier.editor('POST', `/v1/posts/${x.id}/retract`, { reason: 'wrong photo' })).status).toBe(202);
    await world.waitFor('lifecycle-article-1', 'x', 'retracted');
    expect(world.fakes.x.liveTweets()).toEqual([]);
    expect((await world.post(mastodon.id)).state).toBe('pending_review');
  });

  it('a withdrawal needs only the id; an unknown status is a 400 naming the field', async () => {
    const world = await worlds.start();
    const bad = await world.send({ id: 'x1', status: 'archived' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/status/);
    const missing = await world.send({ status: 'deleted' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.json)).toMatch(/"id"/);
    const unknown = await world.send(withdraw('deleted', 'never-seen'));
    expect(unknown.status).toBe(202);
    expect(unknown.json.posts).toEqual([]);
  });

  it('GET /v1/articles/:id shows every post, the revisions and the retractions; 404 for an unknown article', async () => {
    const world = await worlds.start({ env: { UNPUBLISH_POLICY: 'retract' } });
    await world.send(article({ revision: 1 }));
    await world.waitFor('lifecycle-article-1', 'x', 'published');
    await world.send(withdraw('unpublished'));
    await world.waitFor('lifecycle-article-1', 'x', 'retracted');
    const view = (await world.crier.editor('GET', '/v1/articles/lifecycle-article-1')).json as {
      status: string;
      log: { action: string; revision?: string }[];
      posts: { platform: string; history: unknown[] }[];
    };
    expect(view.status).toBe('unpublished');
    expect(view.log.map((e) => e.action)).toEqual(['created', 'withdrawn']);
    expect(view.posts.map((p) => p.platform).sort()).toEqual(['mastodon', 'x']);
    for (const post of view.posts) expect(post.history.length).toBeGreaterThan(1);
    expect((await world.crier.editor('GET', '/v1/articles/nope')).status).toBe(404);
  });
});
