import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SourcePayloadError, SourceSignatureError } from '../../../src/domain/errors/index.js';
import { mapGhostPayload } from '../../../src/sources/ghost/ghost-payload.js';
import { verifyGhostSignature } from '../../../src/sources/ghost/ghost-signature.js';
import { ghostBodies, publishedPost } from './ghost-fixtures.js';

const posts = { includePages: false };
const articleId = `ghost-${publishedPost.id}`;

describe('Ghost payload mapping', () => {
  it('maps post.published to a publication with Ghost’s fields, public tags only, the primary tag as section', () => {
    const outcome = mapGhostPayload(ghostBodies['post.published'], posts);
    if (outcome.action !== 'event' || outcome.event.kind !== 'publish') throw new Error(`expected a publication, got ${JSON.stringify(outcome)}`);
    expect(outcome.event.article).toMatchObject({
      id: articleId,
      url: 'https://ledger.ghost.io/beijing-backs-islamabad/',
      headline: 'Beijing Backs Islamabad’s CPEC Push & Pledges “Ironclad” Support',
      summary: 'China pledges support for the corridor’s second phase.',
      paragraphs: ['China on Monday pledged “ironclad” support for the corridor.', 'The talks covered rail and power.'],
      section: 'South Asia',
      tags: ['South Asia', 'CPEC'],
      authors: ['Ayesha Khan'],
      publishedAt: '2025-08-25T06:00:00.000Z',
      image: { url: 'https://ledger.ghost.io/content/images/2025/08/ministers.jpg', alt: 'Foreign ministers shake hands in Beijing' },
    });
  });

  it('maps post.published.edited to the same article with a new revision', () => {
    const first = mapGhostPayload(ghostBodies['post.published'], posts);
    const edited = mapGhostPayload(ghostBodies['post.published.edited'], posts);
    if (first.action !== 'event' || first.event.kind !== 'publish' || edited.action !== 'event' || edited.event.kind !== 'publish') throw new Error('expected publications');
    expect(edited.event.article.id).toBe(first.event.article.id);
    expect(edited.event.article.revision).not.toBe(first.event.article.revision);
    // Only updated_at changed: the same revision, so a re-save is not a new version.
    const resaved = mapGhostPayload({ post: { current: { ...publishedPost, updated_at: '2025-08-25T09:00:00.000Z' }, previous: { updated_at: publishedPost.updated_at } } }, posts);
    expect(resaved.action === 'event' && resaved.event.kind === 'publish' && resaved.event.article.revision).toBe(first.event.article.revision);
  });

  it('maps post.unpublished and post.deleted to withdrawals', () => {
    expect(mapGhostPayload(ghostBodies['post.unpublished'], posts)).toEqual({ action: 'event', event: { kind: 'withdraw', articleId, status: 'unpublished' } });
    expect(mapGhostPayload(ghostBodies['post.deleted'], posts)).toEqual({ action: 'event', event: { kind: 'withdraw', articleId, status: 'deleted' } });
  });

  it('never posts scheduled posts, drafts, members-only, paid or email-only posts, or pages unless configured', () => {
    const ignored = (name: keyof typeof ghostBodies) => {
      const outcome = mapGhostPayload(ghostBodies[name], posts);
      expect(outcome.action, name).toBe('ignored');
      return outcome.action === 'ignored' ? outcome.reason : '';
    };
    expect(ignored('post.scheduled')).toBe('scheduled: it is posted when Ghost publishes it');
    expect(ignored('post.added')).toBe('status "draft" is not published');
    expect(ignored('members')).toBe('visibility "members": only public posts are posted');
    expect(ignored('paid')).toBe('visibility "paid": only public posts are posted');
    expect(ignored('email-only')).toBe('status "sent" is not published');
    expect(mapGhostPayload({ post: { current: { ...publishedPost, email_only: true }, previous: {} } }, posts)).toEqual({ action: 'ignored', reason: 'email-only posts are not on the web' });
    expect(ignored('page.published')).toBe('pages are not posted (GHOST_INCLUDE_PAGES is off)');
    const page = mapGhostPayload(ghostBodies['page.published'], { includePages: true });
    expect(page.action === 'event' && page.event.kind === 'publish' && page.event.article.headline).toBe('About the Ledger');
  });

  it('refuses bad payloads whole, naming each field in Ghost’s terms', () => {
    const issues = (body: unknown) => {
      try {
        mapGhostPayload(body, posts);
      } catch (error) {
        if (error instanceof SourcePayloadError) return error.issues;
        throw error;
      }
      throw new Error('expected a SourcePayloadError');
    };
    expect(issues([])).toEqual([{ field: '(root)', message: 'expected a JSON object' }]);
    expect(issues({ member: { current: {} } })).toEqual([{ field: '(root)', message: 'expected a "post" or "page" object: is this a post or page webhook?' }]);
    expect(issues({ post: { current: { ...publishedPost, url: 'not a url', title: '' } } })).toEqual([
      { field: 'post.current.url', message: 'must be an absolute http(s) URL' },
      { field: 'post.current.title', message: 'must contain text' },
    ]);
    expect(issues({ post: { current: { ...publishedPost, status: 7 } } })).toEqual([{ field: 'post.current.status', message: 'must be a string' }]);
    expect(issues({ post: { current: {}, previous: {} } })).toEqual([{ field: 'post.current', message: 'is empty and post.previous has no id' }]);
  });
});

describe('X-Ghost-Signature', () => {
  const secret = 'ghost-webhook-secret-0123456789';
  const body = JSON.stringify(ghostBodies['post.published']);
  const now = 1_756_101_600_000;
  const newScheme = (raw: string, t: number, key = secret) => `sha256=${createHmac('sha256', key).update(`${raw}${t}`).digest('hex')}, t=${t}`;
  const oldScheme = (raw: string, t: number) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}, t=${t}`;

  it('accepts Ghost 5’s body+timestamp scheme and the older body-only scheme', () => {
    expect(() => verifyGhostSignature(body, newScheme(body, now - 1000), secret, now)).not.toThrow();
    expect(() => verifyGhostSignature(body, oldScheme(body, now - 1000), secret, now)).not.toThrow();
    expect(() => verifyGhostSignature(body, `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`, secret, now)).not.toThrow();
  });

  it('refuses missing, malformed, wrong, tampered and stale signatures, never echoing the secret', () => {
    const refused = (header: string | undefined, raw = body) => {
      try {
        verifyGhostSignature(raw, header, secret, now);
      } catch (error) {
        expect(error).toBeInstanceOf(SourceSignatureError);
        expect((error as Error).message).not.toContain(secret);
        return (error as Error).message;
      }
      throw new Error('expected a refusal');
    };
    expect(refused(undefined)).toBe('missing X-Ghost-Signature header');
    expect(refused('sha1=abc, t=1')).toMatch(/^malformed X-Ghost-Signature/);
    expect(refused(newScheme(body, now, 'another-secret-0123456789'))).toMatch(/does not match the body/);
    expect(refused(newScheme(body, now), body.replace('Beijing', 'Moscow'))).toMatch(/does not match the body/);
    expect(refused(newScheme(body, now - 301_000))).toBe("X-Ghost-Signature timestamp is 301 s from the server's clock (more than 300 s)");
    // A valid signature with its timestamp changed matches neither scheme.
    expect(refused(newScheme(body, now).replace(`t=${now}`, `t=${now + 5}`))).toMatch(/does not match the body/);
  });
});
