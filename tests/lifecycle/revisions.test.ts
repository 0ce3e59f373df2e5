import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/crier-harness.js';
import { articleEvent as article } from '../helpers/builders.js';
import { MASTODON_BROKEN_FOR_SPORT, templatesWith } from '../helpers/templates.js';
import { useWorlds } from './lifecycle-harness.js';

const worlds = useWorlds('desk');

describe('an article across its revisions', () => {
  it('a revision inside the hold window recomposes the waiting posts: one post per platform, with the new text', async () => {
    const world = await worlds.start({ env: { HOLD_SECONDS: '4' }, bluesky: true });
    const first = await world.send(article({ revision: 1, headline: 'Harbour bridge to reopen on Monday' }));
    expect(first.status).toBe(202);
    expect(first.json.action).toBe('created');
    const second = await world.send(article({ revision: 2, headline: 'Harbour bridge reopens after repairs' }));
    expect(second.status).toBe(202);
    expect(second.json.action).toBe('recomposed');
    expect(second.json.posts.map((p) => p.id).sort()).toEqual(first.json.posts.map((p) => p.id).sort());

    for (const platform of ['x', 'mastodon', 'bluesky']) await world.waitFor('lifecycle-article-1', platform, 'published');
    const x = world.fakes.x.liveTweets();
    const mastodon = world.fakes.mastodon.liveStatuses();
    const bluesky = await world.blueskyTexts();
    for (const texts of [x.map((t) => t.sentText), mastodon.map((s) => s.text), bluesky.map((r) => r.text)]) {
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain('Harbour bridge reopens after repairs');
      expect(texts[0]).not.toContain('to reopen on Monday');
    }
    const posts = await world.articlePosts('lifecycle-article-1');
    expect(posts).toHaveLength(3);
    for (const post of posts) {
      expect(post.revision).toBe('2');
      const history = (post as unknown as { history: { reason?: string }[] }).history;
      expect(history.some((h) => h.reason?.includes('revision 1 → 2'))).toBe(true);
    }
  });

  it('a revision after the posts went out creates nothing; the same revision again is a duplicate', async () => {
    const world = await worlds.start({ bluesky: true });
    await world.send(article({ revision: 1 }));
    for (const platform of ['x', 'mastodon', 'bluesky']) await world.waitFor('lifecycle-article-1', platform, 'published');
    const later = await world.send(article({ revision: 2, summary: 'The bridge reopened on Monday after repairs that took six months.' }));
    expect(later.json.action).toBe('unchanged');
    const again = await world.send(article({ revision: 2, summary: 'The bridge reopened on Monday after repairs that took six months.' }));
    expect(again.json.action).toBe('duplicate');
    // Nothing is waiting: every post of the article is published, and each platform holds one post.
    const posts = await world.articlePosts('lifecycle-article-1');
    expect(posts.map((p) => p.state)).toEqual(['published', 'published', 'published']);
    expect(world.fakes.x.liveTweets()).toHaveLength(1);
    expect(world.fakes.mastodon.liveStatuses()).toHaveLength(1);
    expect(await world.blueskyTexts()).toHaveLength(1);
  });

  it('a correction replies once under each published post, chained to it; the same correction again posts nothing', async () => {
    const world = await worlds.start({ bluesky: true });
    await world.send(article({ revision: 1 }));
    for (const platform of ['x', 'mastodon', 'bluesky']) await world.waitFor('lifecycle-article-1', platform, 'published');
    const correction = 'An earlier version gave the wrong length of the repairs.';
    const corrected = await world.send(article({ revision: 3, correction }));
    expect(corrected.json.action).toBe('corrected');
    const replies = await Promise.all(['x', 'mastodon', 'bluesky'].map((p) => world!.waitFor('lifecycle-article-1', p, 'published', 'correction')));
    // Replayed, and sent again with a later revision: still one correction each.
    expect((await world.send(article({ revision: 3, correction }))).json.action).toBe('duplicate');
    expect((await world.send(article({ revision: 4, correction }))).json.action).toBe('unchanged');

    const originals = (await world.articlePosts('lifecycle-article-1')).filter((p) => (p.kind ?? 'article') === 'article');
    const tweets = world.fakes.x.liveTweets();
    expect(tweets).toHaveLength(2);
    expect(tweets[1]!.sentText).toContain(correction);
    expect(tweets[1]!.sentText).toContain('https://example.com/news/bridge-reopens');
    expect(tweets[1]!.replyTo).toBe(tweets[0]!.id);
    const statuses = world.fakes.mastodon.liveStatuses();
    expect(statuses).toHaveLength(2);
    expect(statuses[1]!.text).toContain(correction);
    expect(statuses[1]!.inReplyToId).toBe(statuses[0]!.id);
    const records = await world.blueskyTexts();
    expect(records).toHaveLength(2);
    expect(records[1]!.text).toContain(correction);
    expect(records[1]!.reply).toMatchObject({ root: { uri: records[0]!.uri }, parent: { uri: records[0]!.uri } });
    for (const reply of replies) expect(originals.map((o) => o.id)).toContain(reply.correctionOf);

    // An editor's correction is one more reply, once.
    const byEditor = await world.crier.editor('POST', '/v1/articles/lifecycle-article-1/correction', { text: 'The bridge is open to cyclists too.' });
    expect(byEditor.status).toBe(202);
    await eventually(() => world!.fakes.x.liveTweets().length === 3, 30_000, 'the editor correction on X');
    const replay = await world.crier.editor('POST', '/v1/articles/lifecycle-article-1/correction', { text: 'The bridge is open to cyclists too.' });
    expect((replay.json as { corrections: unknown[] }).corrections).toEqual([]);
    await world.waitFor('lifecycle-article-1', 'mastodon', 'published', 'correction');
    await eventually(async () => (await world!.articlePosts('lifecycle-article-1')).filter((p) => p.kind === 'correction' && p.state === 'published').length === 6, 30_000, 'six corrections published');
    expect(world.fakes.x.liveTweets()).toHaveLength(3);
  });

  it("keeps an editor's edit on a new revision and sends the post back to review with the reason", async () => {
    const world = await worlds.start({ env: { REVIEW_PLATFORMS: 'x', HOLD_SECONDS: '30' } });
    const first = await world.send(article({ revision: 1 }));
    const xPost = first.json.posts.find((p) => p.platform === 'x')!;
    expect(xPost.state).toBe('pending_review');
    const current = await world.post(xPost.id);
    const edited = await world.crier.editor('PATCH', `/v1/posts/${xPost.id}`, {
      version: (current as unknown as { version: number }).version,
      parts: ['Our harbour bridge is back: https://example.com/news/bridge-reopens'],
    });
    expect(edited.status).toBe(200);
    await world.send(article({ revision: 2, headline: 'Harbour bridge reopens to traffic' }));
    const after = await world.post(xPost.id);
    expect(after.state).toBe('pending_review');
    expect(after.draft.parts.map((p) => p.text)).toEqual(['Our harbour bridge is back: https://example.com/news/bridge-reopens']);
    expect(after.revision).toBe('2');
    const history = ((await world.crier.editor('GET', `/v1/posts/${xPost.id}`)).json as { history: { reason?: string }[] }).history;
    expect(history.at(-1)?.reason).toMatch(/^article changed after your edit/);
    // The unedited Mastodon post took the new text.
    const mastodon = await world.post(first.json.posts.find((p) => p.platform === 'mastodon')!.id);
    expect(mastodon.draft.parts[0]!.text).toContain('Harbour bridge reopens to traffic');
  });

  it('a cancelled post stays cancelled through later revisions', async () => {
    const world = await worlds.start({ env: { HOLD_SECONDS: '30' } });
    const first = await world.send(article({ revision: 1 }));
    const xPost = first.json.posts.find((p) => p.platform === 'x')!;
    expect((await world.crier.editor('POST', `/v1/posts/${xPost.id}/cancel`, { reason: 'not for X' })).status).toBe(200);
    await world.send(article({ revision: 2, headline: 'Harbour bridge reopens to traffic' }));
    const after = await world.post(xPost.id);
    expect(after.state).toBe('cancelled');
    expect(after.revision).toBe('1');
  });

  it('a late, older numeric revision is stale and changes nothing', async () => {
    const world = await worlds.start({ env: { HOLD_SECONDS: '30' } });
    await world.send(article({ revision: 3, headline: 'Third version' }));
    const stale = await world.send(article({ revision: 2, headline: 'Second version' }));
    expect(stale.json.action).toBe('stale');
    for (const post of await world.articlePosts('lifecycle-article-1')) expect(post.draft.parts[0]!.text).toContain('Third version');
  });

  it('twenty revisions racing in make one post per account', async () => {
    const world = await worlds.start({ env: { HOLD_SECONDS: '30' } });
    const replies = await Promise.all(Array.from({ length: 20 }, (_, i) => world!.send(article({ revision: i + 1, headline: `Version ${i + 1}` }))));
    for (const reply of replies) expect(reply.status).toBe(202);
    const posts = await world.articlePosts('lifecycle-article-1');
    expect(posts.map((p) => p.platform).sort()).toEqual(['mastodon', 'x']);
    // Whatever order they were handled in, the posts carry the highest revision.
    for (const post of posts) expect(post.draft.parts[0]!.text).toContain('Version 20');
  });

  it('an embargo holds every post until publishedAt, and a later revision moves it', async () => {
    const world = await worlds.start();
    const embargo = new Date(Date.now() + 60 * 60 * 1000).toISOString();
    const first = await world.send(article({ revision: 1, publishedAt: embargo, priority: 'breaking' }));
    for (const p of first.json.posts) {
      const post = await world.post(p.id);
      expect(post.state).toBe('scheduled');
      expect(post.embargoUntil).toBe(embargo);
      expect(post.scheduledAt).toBe(embargo);
    }
    const soon = new Date(Date.now() + 2500).toISOString();
    await world.send(article({ revision: 2, publishedAt: soon, priority: 'breaking' }));
    for (const platform of ['x', 'mastodon']) await world.waitFor('lifecycle-article-1', platform, 'published');
    const tweet = world.fakes.x.liveTweets()[0]!;
    const status = world.fakes.mastodon.liveStatuses()[0]!;
    expect(Date.parse(tweet.createdAt)).toBeGreaterThanOrEqual(Date.parse(soon));
    expect(Date.parse(status.createdAt)).toBeGreaterThanOrEqual(Date.parse(soon));
  });

  it('ALT_TEXT_POLICY=review holds a post whose image has only a photo credit for alt text', async () => {
    const world = await worlds.start({ env: { ALT_TEXT_POLICY: 'review' } });
    const res = await world.send(article({ revision: 1, image: { url: 'https://example.com/img/bridge.jpg', alt: 'Photograph: Jane Doe for The Daily' } }));
    expect(res.status).toBe(202);
    for (const p of res.json.posts) {
      expect(p.state).toBe('pending_review');
      const post = await world.post(p.id);
      expect((post as unknown as { draft: { warnings?: { code: string }[] } }).draft.warnings?.map((w) => w.code)).toContain('missing_alt_text');
    }
  });

  it('a template that breaks for one article fails only that post, with file and line; the others go out', async () => {
    const dir = templatesWith({ 'mastodon.liquid': MASTODON_BROKEN_FOR_SPORT }, 'broken-branch');
    try {
      const world = await worlds.start({ env: { TEMPLATES_DIR: dir } });
      const res = await world.send(article({ revision: 1, section: 'Sport' }));
      expect(res.status).toBe(202);
      await world.waitFor('lifecycle-article-1', 'x', 'published');
      const failed = await world.waitFor('lifecycle-article-1', 'mastodon', 'failed');
      const detail = (failed as unknown as { lastError: { kind: string; message: string } }).lastError;
      expect(detail.kind).toBe('TemplateError');
      expect(detail.message).toMatch(/mastodon\.liquid:2/);
      expect(world.fakes.mastodon.liveStatuses()).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
