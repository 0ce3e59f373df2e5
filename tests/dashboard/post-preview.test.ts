import { describe, expect, it } from 'vitest';
import { draft as buildDraft, image } from '../helpers/builders.js';
import type { PlatformId } from '../../src/domain/platform.js';
import { countPart } from '../../src/dashboard/part-count.js';
import { previewOf } from '../../src/dashboard/post-preview.js';
import { mastodonProfileFor } from '../../src/platforms/mastodon/limits.js';
import { PROFILES } from '../../src/platforms/profiles.js';

function post(platform: PlatformId, withImage: boolean, texts = ['First part https://news.example.com/a', 'Second part']) {
  const draft = buildDraft(platform, {
    texts,
    measure: platform,
    articleId: 'a1',
    media: withImage ? [image('https://news.example/photo.jpg', 'Ministers shake hands')] : [],
    link: { url: 'https://www.news.example/a', title: 'Ministers meet', description: 'They agreed to meet again.', imageUrl: 'https://news.example/card.jpg' },
  });
  return { draft, platform, account: 'default', delivered: [{ index: 0, remoteId: '1', url: 'https://x.com/n/status/1' }] };
}

describe('previews', () => {
  it('show what each adapter sends with the first part', () => {
    const bluesky = previewOf(post('bluesky', true));
    expect(bluesky.card).toEqual({ url: 'https://www.news.example/a', host: 'news.example', title: 'Ministers meet', description: 'They agreed to meet again.', imageUrl: 'https://news.example/card.jpg' });
    expect(bluesky.image).toBeUndefined();
    const x = previewOf(post('x', true));
    expect(x.image).toEqual({ url: 'https://news.example/photo.jpg', alt: 'Ministers shake hands' });
    expect(x.card).toBeUndefined();
    expect(previewOf(post('mastodon', false)).card?.title).toBe('Ministers meet');
    expect(previewOf(post('linkedin', true)).card?.title).toBe('Ministers meet');
  });

  it('keep the thread in order, numbered, counted by the platform, with the live link of parts that went out', () => {
    const p = previewOf(post('x', false));
    expect(p.parts.map((part) => [part.number, part.text, part.url])).toEqual([
      [1, 'First part https://news.example.com/a', 'https://x.com/n/status/1'],
      [2, 'Second part', undefined],
    ]);
    // X counts a link as 23 whatever its length.
    expect(p.parts[0]!.length).toBe('First part '.length + 23);
    expect(p.look).toBe('x');
    expect(previewOf(post('telegram', false)).look).toBe('generic');
  });

  it('count the first part of a post with an image against the caption limit where the platform has one', () => {
    const telegram = PROFILES.telegram;
    expect(telegram.captionLimit).toBeLessThan(telegram.limit);
    expect(countPart(telegram, 'hello', 0, true).limit).toBe(telegram.captionLimit);
    expect(countPart(telegram, 'hello', 1, true).limit).toBe(telegram.limit);
    expect(countPart(telegram, 'hello', 0, false).limit).toBe(telegram.limit);
    expect(countPart(PROFILES.x, '   ', 0, false)).toMatchObject({ over: false, problem: 'empty' });
  });

  it("count against the account's own profile: a Mastodon instance that takes 1,000 characters", () => {
    const roomy = mastodonProfileFor({ maxCharacters: 1000, charactersReservedPerUrl: 23 });
    const text = 'a'.repeat(700);
    expect(countPart(PROFILES.mastodon, text, 0, false)).toMatchObject({ limit: 500, over: true });
    expect(countPart(roomy, text, 0, false)).toMatchObject({ length: 700, limit: 1000, over: false });
  });
});
