import { describe, expect, it } from 'vitest';
import { mastodonFaults } from '../fakes/mastodon.js';
import { xFaults } from '../fakes/x-api.js';
import type { PlatformId } from '../../src/domain/platform.js';
import { eventually, publishQueue, sendEvent, useCrierWorld, type CrierUnderTest, type Fakes } from '../helpers/crier-harness.js';
import { articleText } from '../helpers/builders.js';

const seedText = articleText();
const seed = JSON.parse(seedText) as Record<string, unknown>;

const world = useCrierWorld();

async function start(extra: Record<string, string> = {}): Promise<{ crier: CrierUnderTest; fakes: Fakes }> {
  return { crier: await world.crier(await world.env(extra)), fakes: await world.fakes() };
}

const publish = (c: CrierUnderTest, event: Record<string, unknown> = seed) => sendEvent(c, event);

/** Each post's job as BullMQ has it (state and creation time): a job queued again would be a new one. */
async function jobsOf(c: CrierUnderTest, posts: { id: string; platform: string }[]) {
  const sorted = [...posts].sort((a, b) => a.id.localeCompare(b.id));
  return Promise.all(
    sorted.map(async (p) => {
      const queue = publishQueue(c.prefix, p.platform as PlatformId);
      try {
        const job = await queue.getJob(p.id);
        return { id: p.id, state: job ? await job.getState() : 'none', timestamp: job?.timestamp };
      } finally {
        await queue.close();
      }
    }),
  );
}

interface PostView {
  state: string;
  delivered: { index: number; remoteId: string }[];
  draft: { parts: { text: string }[] };
  attempts: number;
  lastError?: { kind: string; message: string };
}
async function getPost(c: CrierUnderTest, id: string): Promise<{ post: PostView & { version: number }; history: { from: string | null; to: string; by: string; reason?: string }[] }> {
  const res = await c.editor('GET', `/v1/posts/${id}`);
  return res.json as { post: PostView & { version: number }; history: { from: string | null; to: string; by: string; reason?: string }[] };
}
async function stateOf(c: CrierUnderTest, id: string): Promise<string> {
  return (await getPost(c, id)).post.state;
}
const idFor = (r: { posts: { id: string; platform: string }[] }, platform: string) => r.posts.find((p) => p.platform === platform)!.id;

/** Each item replies to the one before it; the first to nothing. */
function expectChain(items: { id: string; replyTo: string | null | undefined }[], count: number) {
  expect(items).toHaveLength(count);
  items.forEach((item, i) => expect(item.replyTo ?? undefined).toBe(i === 0 ? undefined : items[i - 1]!.id));
}

describe('from a signed event to posts on the platforms', () => {
  it('delivers each account its thread, exactly once, chained in order', async () => {
    const { crier: c, fakes: f } = await start();
    const accepted = await publish(c);
    expect(accepted.status).toBe(202);
    const xId = idFor(accepted.json, 'x');
    const mastodonId = idFor(accepted.json, 'mastodon');
    await eventually(async () => (await stateOf(c, xId)) === 'published' && (await stateOf(c, mastodonId)) === 'published', 20_000, 'both published');

    const xPost = (await getPost(c, xId)).post;
    const tweets = f.x.liveTweets();
    expect(tweets.map((t) => t.sentText)).toEqual(xPost.draft.parts.map((p) => p.text));
    expect(tweets.length).toBeGreaterThanOrEqual(3);
    expectChain(tweets.map((t) => ({ id: t.id, replyTo: t.replyTo })), xPost.draft.parts.length);
    expect(xPost.delivered.map((d) => d.remoteId)).toEqual(tweets.map((t) => t.id));

    const mPost = (await getPost(c, mastodonId)).post;
    const statuses = f.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(mPost.draft.parts.map((p) => p.text));
    expectChain(statuses.map((s) => ({ id: s.id, replyTo: s.inReplyToId })), mPost.draft.parts.length);
    expect(statuses.every((s) => s.language === 'en')).toBe(true);
  });

  it('a redelivered event creates nothing new and posts nothing twice', async () => {
    const { crier: c, fakes: f } = await start();
    const first = await publish(c);
    await eventually(async () => (await stateOf(c, idFor(first.json, 'x'))) === 'published', 20_000, 'x published');
    await eventually(async () => (await stateOf(c, idFor(first.json, 'mastodon'))) === 'published', 20_000, 'mastodon published');
    const counts = [f.x.tweets.length, f.mastodon.statuses.length];
    const jobs = await eventually(async () => {
      const found = await jobsOf(c, first.json.posts);
      return found.every((j) => j.state === 'completed') && found;
    }, 20_000, 'both jobs completed');
    const again = await publish(c);
    expect(again.status).toBe(202);
    expect(again.json.duplicate).toBe(true);
    expect(again.json.posts.map((p) => p.id).sort()).toEqual(first.json.posts.map((p) => p.id).sort());
    expect([f.x.tweets.length, f.mastodon.statuses.length]).toEqual(counts);
    // Nothing was queued again: had it been, the finished job would have been replaced by a new, waiting one.
    expect(await jobsOf(c, again.json.posts)).toEqual(jobs);
  });

  it('holds posts for review, lets an editor edit (409 on a stale version) and approve, then delivers', async () => {
    const { crier: c, fakes: f } = await start({ REVIEW_PLATFORMS: 'mastodon' });
    const accepted = await publish(c);
    const mastodonId = idFor(accepted.json, 'mastodon');
    expect(accepted.json.posts.find((p) => p.platform === 'mastodon')!.state).toBe('pending_review');
    await eventually(async () => (await stateOf(c, idFor(accepted.json, 'x'))) === 'published', 20_000, 'x published');
    expect(f.mastodon.statuses).toHaveLength(0);

    const { post } = await getPost(c, mastodonId);
    const edited = post.draft.parts.map((p) => p.text);
    edited[0] = `${edited[0]} (edited)`;
    const ok = await c.editor('PATCH', `/v1/posts/${mastodonId}`, { version: post.version, parts: edited });
    expect(ok.status).toBe(200);
    const stale = await c.editor('PATCH', `/v1/posts/${mastodonId}`, { version: post.version, parts: edited });
    expect(stale.status).toBe(409);
    const tooLong = await c.editor('PATCH', `/v1/posts/${mastodonId}`, { version: post.version + 1, parts: ['x'.repeat(501)] });
    expect(tooLong.status).toBe(422);
    expect(f.mastodon.statuses).toHaveLength(0);

    const approved = await c.editor('POST', `/v1/posts/${mastodonId}/approve`, { version: post.version + 1 });
    expect(approved.status).toBe(200);
    await eventually(async () => (await stateOf(c, mastodonId)) === 'published', 20_000, 'mastodon published');
    expect(f.mastodon.liveStatuses().map((s) => s.text)).toEqual(edited);
    const history = (await getPost(c, mastodonId)).history;
    expect(history.map((h) => [h.from, h.to])).toEqual([
      [null, 'pending_review'],
      ['pending_review', 'pending_review'],
      ['pending_review', 'scheduled'],
      ['scheduled', 'publishing'],
      ['publishing', 'published'],
    ]);
    expect(history[1]!.by).toBe('editor:alice');
    expect(history[2]!.by).toBe('editor:alice');
    expect(history[3]!.by).toMatch(/^worker:/);
  });

  it('a 429 pauses only that account until the reset, without counting an attempt', async () => {
    const { crier: c, fakes: f } = await start();
    const resetAt = Math.floor(Date.now() / 1000) + 3;
    f.x.fail('POST', '/2/tweets', xFaults.rateLimited(resetAt));
    const accepted = await publish(c);
    const xId = idFor(accepted.json, 'x');
    const mastodonId = idFor(accepted.json, 'mastodon');
    await eventually(async () => (await stateOf(c, mastodonId)) === 'published', 20_000, 'mastodon published');
    // Mastodon was not held up by X's limit.
    expect(f.x.tweets).toHaveLength(0);
    await eventually(async () => (await stateOf(c, xId)) === 'published', 20_000, 'x published after reset');
    const firstTweetAt = Date.parse(f.x.tweets[0]!.createdAt);
    expect(firstTweetAt).toBeGreaterThanOrEqual(resetAt * 1000 - 1000);
    const { post, history } = await getPost(c, xId);
    expect(post.attempts).toBe(0);
    expect(history.some((h) => h.reason?.startsWith('rate limited until'))).toBe(true);
    expect(f.x.liveTweets().map((t) => t.sentText)).toEqual(post.draft.parts.map((p) => p.text));
  });

  it('an outage of one platform does not stop the others; it delivers once the platform is back', async () => {
    const { crier: c, fakes: f } = await start();
    f.mastodon.fail('POST', '/api/v1/statuses', mastodonFaults.serverError(), 3);
    const accepted = await publish(c);
    const xId = idFor(accepted.json, 'x');
    const mastodonId = idFor(accepted.json, 'mastodon');
    await eventually(async () => (await stateOf(c, xId)) === 'published', 20_000, 'x published');
    await eventually(async () => (await stateOf(c, mastodonId)) === 'published', 20_000, 'mastodon published after retries');
    const { post, history } = await getPost(c, mastodonId);
    expect(post.attempts).toBe(3);
    expect(history.filter((h) => h.reason?.includes('retrying'))).toHaveLength(3);
    expect(f.mastodon.liveStatuses().map((s) => s.text)).toEqual(post.draft.parts.map((p) => p.text));
  });

  it('a permanent error fails the post with the reason; an editor retry resumes after the parts that went out', async () => {
    const { crier: c, fakes: f } = await start();
    // Part 0 goes out, part 1 is refused as invalid: a thread stopped part-way.
    f.mastodon.fail('POST', '/api/v1/statuses', { kind: 'delay', ms: 0 }, 1);
    f.mastodon.fail('POST', '/api/v1/statuses', mastodonFaults.tooLong(), 1);
    const accepted = await publish(c, { ...seed, id: 'permanent-1' });
    const mastodonId = idFor(accepted.json, 'mastodon');
    await eventually(async () => (await stateOf(c, mastodonId)) === 'partially_published', 20_000, 'partially published');
    const failed = (await getPost(c, mastodonId)).post;
    expect(failed.lastError?.kind).toBe('ContentRejectedError');
    expect(failed.delivered.map((d) => d.index)).toEqual([0]);
    expect(f.mastodon.statuses).toHaveLength(1);

    const retried = await c.editor('POST', `/v1/posts/${mastodonId}/retry`, { version: failed.version });
    expect(retried.status).toBe(200);
    await eventually(async () => (await stateOf(c, mastodonId)) === 'published', 20_000, 'published after retry');
    const statuses = f.mastodon.liveStatuses();
    expect(statuses.map((s) => s.text)).toEqual(failed.draft.parts.map((p) => p.text));
    statuses.forEach((s, i) => expect(s.inReplyToId).toBe(i === 0 ? null : statuses[i - 1]!.id));
  });

  it('cancelling a scheduled post in its hold window sends nothing', async () => {
    const { crier: c, fakes: f } = await start({ HOLD_SECONDS: '2' });
    const accepted = await publish(c);
    const xId = idFor(accepted.json, 'x');
    const { post } = await getPost(c, xId);
    expect(post.state).toBe('scheduled');
    const cancelled = await c.editor('POST', `/v1/posts/${xId}/cancel`, { version: post.version, reason: 'wrong photo' });
    expect(cancelled.status).toBe(200);
    const mastodonId = idFor(accepted.json, 'mastodon');
    await eventually(async () => (await stateOf(c, mastodonId)) === 'published', 20_000, 'mastodon published after hold');
    // X's job was due with Mastodon's: it is off the queue, so there is nothing left to fire later.
    expect((await jobsOf(c, [{ id: xId, platform: 'x' }]))[0]?.state).not.toMatch(/^(waiting|delayed|prioritized|active|waiting-children)$/);
    expect(f.x.tweets).toHaveLength(0);
    expect(await stateOf(c, xId)).toBe('cancelled');
  });
});
