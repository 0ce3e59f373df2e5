import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readOutboxLines } from '../../../src/platforms/outbox/outbox-file.js';
import type { OutboxLine, OutboxPartLine } from '../../../src/platforms/outbox/outbox-line.js';
import type { PostRecord } from '../../../src/posts/post.js';
import { eventually, useCrierWorld, type CrierUnderTest } from '../../helpers/crier-harness.js';
import { serviceEnv } from '../../helpers/service-env.js';
import { signedHeaders } from '../../helpers/sign.js';

const world = useCrierWorld();
let dir = '';

/** crier in outbox mode for the three accounts serviceEnv configures (x, bluesky, mastodon). */
async function start(extra: Record<string, string>): Promise<CrierUnderTest> {
  const outbox = mkdtempSync(join(tmpdir(), 'crier-outbox-lifecycle-'));
  dir = outbox;
  world.onCleanup(() => rmSync(outbox, { recursive: true, force: true }));
  return world.crier(
    serviceEnv(world.prefix, { DELIVERY_MODE: 'outbox', OUTBOX_DIR: outbox, HOST: '127.0.0.1', PORT: '0', SWEEP_INTERVAL_MS: '1000', DELIVERY_BACKOFF_MS: '100', ...extra }),
  );
}

const article = {
  id: 'outbox-lifecycle-1',
  url: 'https://news.example/world/corridor',
  headline: 'Beijing backs Islamabad on the corridor',
  summary: 'China pledged support for Pakistan’s national security during a visit to Islamabad.',
  section: 'World',
  tags: ['China', 'Pakistan'],
  revision: 1,
};

async function send(c: CrierUnderTest, event: unknown): Promise<{ status: number; json: unknown }> {
  const body = JSON.stringify(event);
  const res = await fetch(`${c.url}/v1/articles`, { method: 'POST', headers: signedHeaders(body), body });
  return { status: res.status, json: (await res.json()) as unknown };
}

async function postsOf(c: CrierUnderTest): Promise<PostRecord[]> {
  const { json } = await c.editor('GET', `/v1/posts?article=${article.id}`);
  return (json as { posts: PostRecord[] }).posts;
}

async function outbox(platform: string): Promise<OutboxLine[]> {
  return readOutboxLines(join(dir, `${platform}.jsonl`));
}

const PLATFORMS = ['x', 'bluesky', 'mastodon'];

describe('outbox mode through the article lifecycle', () => {
  it('an update replaces the queued outbox post: one post per account, written once, with the new text', async () => {
    const c = await start({ HOLD_SECONDS: '600' });
    expect((await send(c, article)).status).toBe(202);
    const first = await postsOf(c);
    expect(first.map((p) => p.state)).toEqual(['scheduled', 'scheduled', 'scheduled']);

    const update = { ...article, revision: 2, headline: 'Beijing doubles its backing for Islamabad’s corridor' };
    expect((await send(c, update)).status).toBe(202);
    const revised = await postsOf(c);
    expect(revised.map((p) => p.id).sort()).toEqual(first.map((p) => p.id).sort());
    for (const post of revised) expect(post.draft.parts.map((p) => p.text).join(' ')).toContain('doubles its backing');

    // The editor moves them to a few seconds from now instead of waiting out the hold.
    const soon = new Date(Date.now() + 3000).toISOString();
    for (const post of revised) {
      const res = await c.editor('POST', `/v1/posts/${post.id}/reschedule`, { at: soon });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
    }
    const published = await eventually(async () => {
      const posts = await postsOf(c);
      return posts.every((p) => p.state === 'published') && posts;
    }, 30_000, 'all posts published');

    for (const platform of PLATFORMS) {
      const lines = (await outbox(platform)) as OutboxPartLine[];
      const post = published.find((p) => p.platform === platform)!;
      expect(lines.map((l) => l.id)).toEqual(post.delivered.map((d) => d.remoteId));
      expect(lines.map((l) => l.text)).toEqual(post.draft.parts.map((p) => p.text));
      expect(lines.map((l) => l.text).join(' ')).toContain('doubles its backing');
      expect(lines.map((l) => l.text).join(' ')).not.toContain('Beijing backs Islamabad on the corridor');
    }
  }, 60_000);

  it('an unpublish (UNPUBLISH_POLICY=retract) records one retraction per part that went out', async () => {
    const c = await start({ HOLD_SECONDS: '0', UNPUBLISH_POLICY: 'retract' });
    expect((await send(c, article)).status).toBe(202);
    const published = await eventually(async () => {
      const posts = await postsOf(c);
      return posts.length === 3 && posts.every((p) => p.state === 'published') && posts;
    }, 30_000, 'all posts published');

    const withdrawn = await send(c, { id: article.id, status: 'unpublished' });
    expect(withdrawn.status, JSON.stringify(withdrawn.json)).toBe(202);
    await eventually(async () => (await postsOf(c)).every((p) => p.state === 'retracted'), 30_000, 'all posts retracted');

    for (const platform of PLATFORMS) {
      const lines = await outbox(platform);
      const post = published.find((p) => p.platform === platform)!;
      const parts = lines.filter((l) => l.type === 'part');
      const retractions = lines.filter((l) => l.type === 'retraction');
      expect(parts.map((l) => l.id)).toEqual(post.delivered.map((d) => d.remoteId));
      expect(retractions.map((l) => l.id).sort()).toEqual(post.delivered.map((d) => d.remoteId).sort());
    }
  }, 60_000);

  it('a correction replies in the outbox under the last part that went out, in the same thread', async () => {
    const c = await start({ HOLD_SECONDS: '0' });
    expect((await send(c, article)).status).toBe(202);
    const originals = await eventually(async () => {
      const posts = await postsOf(c);
      return posts.length === 3 && posts.every((p) => p.state === 'published') && posts;
    }, 30_000, 'all posts published');

    const corrected = { ...article, revision: 2, correction: 'An earlier version misstated the date of the visit.' };
    expect((await send(c, corrected)).status).toBe(202);
    await eventually(async () => {
      const posts = await postsOf(c);
      return posts.length === 6 && posts.every((p) => p.state === 'published');
    }, 30_000, 'corrections published');

    for (const platform of PLATFORMS) {
      const original = originals.find((p) => p.platform === platform)!;
      const lines = (await outbox(platform)) as OutboxPartLine[];
      const originalIds = original.delivered.map((d) => d.remoteId);
      const correction = lines.filter((l) => !originalIds.includes(l.id));
      expect(correction.length, platform).toBeGreaterThan(0);
      expect(correction.map((l) => l.text).join(' ')).toContain('misstated the date');
      expect(correction[0]!.replyTo).toBe(originalIds.at(-1));
      for (const line of correction) expect(line.thread).toBe(originalIds[0]);
    }
  }, 60_000);
});
