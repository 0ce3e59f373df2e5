import { describe, expect, it } from 'vitest';
import type { PostRecord, Transition } from '../../src/posts/post.js';
import { publishQueue, useCrierWorld, type CrierUnderTest } from '../helpers/crier-harness.js';
import { EDITOR_TOKEN, serviceEnv } from '../helpers/service-env.js';
import { signedHeaders } from '../helpers/sign.js';
import { articleText } from '../helpers/builders.js';

const seed = articleText();

const world = useCrierWorld();

/** A serving crier (no workers, so posts stay where the editor puts them) with one article in. */
async function crierWithPosts(extra: Record<string, string> = {}): Promise<{ crier: CrierUnderTest; posts: PostRecord[] }> {
  const crier = await world.crier(serviceEnv(world.prefix, { HOST: '127.0.0.1', PORT: '0', ...extra }), { serve: true, work: false });
  const res = await fetch(`${crier.url}/v1/articles`, { method: 'POST', headers: { ...signedHeaders(seed), 'content-type': 'application/json' }, body: seed });
  expect(res.status).toBe(202);
  const { posts } = (await res.json()) as { posts: { id: string }[] };
  const full = await Promise.all(posts.map(async (p) => ((await crier.editor('GET', `/v1/posts/${p.id}`)).json as { post: PostRecord }).post));
  return { crier, posts: full };
}

async function history(crier: CrierUnderTest, id: string): Promise<Transition[]> {
  return ((await crier.editor('GET', `/v1/posts/${id}`)).json as { history: Transition[] }).history;
}

describe('post ids are checked by shape before Redis is asked', () => {
  it('GET and PATCH on `<id>:history` (another key of the post) are 404, not a 500 WRONGTYPE', async () => {
    const { crier, posts } = await crierWithPosts();
    const id = posts[0]!.id;
    for (const method of ['GET', 'PATCH'] as const) {
      const res = await crier.editor(method, `/v1/posts/${id}:history`, method === 'PATCH' ? { version: 1, parts: ['x'] } : undefined);
      expect(res.status).toBe(404);
      expect((res.json as { error: string }).error).toBe('not_found');
    }
    for (const path of ['/v1/posts/ledger:x', `/v1/posts/${id.toUpperCase()}`, '/v1/posts/p_123', `/v1/posts/${id}x/approve`]) {
      expect((await crier.editor(path.endsWith('approve') ? 'POST' : 'GET', path, path.endsWith('approve') ? {} : undefined)).status).toBe(404);
    }
    // The real one still answers.
    expect((await crier.editor('GET', `/v1/posts/${id}`)).status).toBe(200);
  });

  it('an unauthenticated request with a bad id is still 401', async () => {
    const { crier } = await crierWithPosts();
    expect((await fetch(`${crier.url}/v1/posts/nope:history`)).status).toBe(401);
  });
});

describe('reschedule', () => {
  it('a time in the past is refused with 422 and changes nothing', async () => {
    const { crier, posts } = await crierWithPosts();
    const post = posts.find((p) => p.state === 'scheduled')!;
    const res = await crier.editor('POST', `/v1/posts/${post.id}/reschedule`, { at: '2020-01-01T00:00:00Z' });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({ error: 'invalid_schedule' });
    expect((res.json as { message: string }).message).toContain('already past');
    const after = ((await crier.editor('GET', `/v1/posts/${post.id}`)).json as { post: PostRecord }).post;
    expect(after.version).toBe(post.version);
    expect(after.scheduledAt).toBe(post.scheduledAt);
  });

  it('a post in review can be given a time: it stays in review, and approving it keeps that time', async () => {
    const { crier, posts } = await crierWithPosts({ REVIEW_PLATFORMS: 'mastodon' });
    const post = posts.find((p) => p.platform === 'mastodon')!;
    expect(post.state).toBe('pending_review');
    const at = new Date(Date.now() + 3 * 3600_000).toISOString();
    const res = await crier.editor('POST', `/v1/posts/${post.id}/reschedule`, { at, version: post.version });
    expect(res.status).toBe(200);
    const given = (res.json as { post: PostRecord }).post;
    expect(given.state).toBe('pending_review');
    expect(given.scheduledAt).toBe(at);
    expect((await history(crier, post.id)).at(-1)).toMatchObject({ from: 'pending_review', to: 'pending_review', reason: `rescheduled to ${at}`, by: 'editor:alice' });

    const approved = await crier.editor('POST', `/v1/posts/${post.id}/approve`, { version: given.version });
    expect(approved.status).toBe(200);
    expect((approved.json as { post: PostRecord }).post).toMatchObject({ state: 'scheduled', scheduledAt: at });
  });

  it('hold on a post already in review is still 409', async () => {
    const { crier, posts } = await crierWithPosts({ REVIEW_PLATFORMS: 'mastodon' });
    const post = posts.find((p) => p.platform === 'mastodon')!;
    const res = await crier.editor('POST', `/v1/posts/${post.id}/hold`, {});
    expect(res.status).toBe(409);
    expect(await history(crier, post.id)).toHaveLength(1);
  });
});

describe('edits', () => {
  it('are recorded with the texts before and after, and GET shows them', async () => {
    const { crier, posts } = await crierWithPosts();
    const post = posts.find((p) => p.platform === 'mastodon')!;
    const before = post.draft.parts.map((p) => p.text);
    const after = ['Edited lead https://example.com/edited', ...before.slice(1)];
    const res = await crier.editor('PATCH', `/v1/posts/${post.id}`, { version: post.version, parts: after });
    expect(res.status).toBe(200);
    const shown = (await crier.editor('GET', `/v1/posts/${post.id}`)).json as { edits: { by: string; before: string[]; after: string[]; version: number }[]; history: Transition[] };
    expect(shown.edits).toEqual([expect.objectContaining({ by: 'editor:alice', before, after, version: post.version + 1 })]);
    expect(shown.history.at(-1)).toMatchObject({ reason: 'edited parts', by: 'editor:alice' });
  });
});

describe('concurrent approves without a version', () => {
  it('make one history entry and one job; the others are told the post is no longer in review', async () => {
    const { crier, posts } = await crierWithPosts({ REVIEW_PLATFORMS: '*' });
    const post = posts[0]!;
    const approve = () =>
      fetch(`${crier.url}/v1/posts/${post.id}/approve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${EDITOR_TOKEN}`, 'x-editor': 'alice', 'content-type': 'application/json' },
        body: '{}',
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: string } }));
    const answers = await Promise.all(Array.from({ length: 8 }, approve));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).every((a) => a.status === 409 && a.body.error === 'invalid_state')).toBe(true);
    const entries = await history(crier, post.id);
    expect(entries.filter((e) => e.reason === 'approved')).toHaveLength(1);
    expect(entries.map((e) => `${e.from}->${e.to}`)).toEqual(['null->pending_review', 'pending_review->scheduled']);
    // One BullMQ job for the post, on whichever queue: asked of every account's queue through BullMQ's API.
    const queues = crier.config.accounts.map((a) => publishQueue(crier.prefix, a.platform, a.name));
    try {
      const jobs = await Promise.all(queues.map((q) => q.getJob(post.id)));
      expect(jobs.filter((j) => j !== undefined)).toHaveLength(1);
      const counts = await Promise.all(queues.map((q) => q.getJobCounts()));
      expect(counts.reduce((n, c) => n + Object.values(c).reduce((a, b) => a + b, 0), 0)).toBe(1);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
  });
});
