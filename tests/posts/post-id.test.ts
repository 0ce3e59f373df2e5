import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../src/domain/platform.js';
import { correctionIdFor, isPostId, postIdFor } from '../../src/posts/post.js';

describe('postIdFor', () => {
  it('is deterministic and shaped for a BullMQ job id', () => {
    const id = postIdFor('art-1', 'x', 'default');
    expect(id).toBe(postIdFor('art-1', 'x', 'default'));
    expect(id).toMatch(/^p_[0-9a-f]{24}$/);
    expect(isPostId(id)).toBe(true);
  });

  it('is one id per (article, account) for the article whole life, different when any part of the pair differs', () => {
    const ids = new Set([
      postIdFor('art-1', 'x', 'default'),
      postIdFor('art-2', 'x', 'default'),
      postIdFor('art-1', 'bluesky', 'default'),
      postIdFor('art-1', 'x', 'other'),
    ]);
    expect(ids.size).toBe(4);
  });

  it('cannot be confused by separators inside the parts', () => {
    expect(postIdFor('a|b', 'x', 'd')).not.toBe(postIdFor('a', 'x', 'b|d'));
    expect(postIdFor('a\u0000b', 'x', 'd')).not.toBe(postIdFor('a', 'x', 'b\u0000d'));
    expect(postIdFor('a:b', 'x', 'd')).not.toContain(':');
  });

  it('never contains a colon, whatever the inputs', () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...PLATFORM_IDS), fc.string(), (article, platform, account) => {
        expect(postIdFor(article, platform, account)).toMatch(/^p_[0-9a-f]{24}$/);
      }),
      { seed: 20261201, numRuns: 100 },
    );
  });
});

describe('correctionIdFor', () => {
  it('is the same for the same correction text (spacing aside), different for another text or post', () => {
    const post = postIdFor('art-1', 'x', 'default');
    expect(correctionIdFor(post, 'The date was wrong.')).toBe(correctionIdFor(post, '  The date  was wrong. '));
    expect(correctionIdFor(post, 'The date was wrong.')).not.toBe(correctionIdFor(post, 'The name was wrong.'));
    expect(correctionIdFor(post, 'The date was wrong.')).not.toBe(correctionIdFor(postIdFor('art-1', 'mastodon', 'default'), 'The date was wrong.'));
    expect(isPostId(correctionIdFor(post, 'x'))).toBe(true);
  });
});

describe('isPostId', () => {
  it('refuses anything that could name another key', () => {
    for (const bad of ['p_123', `${postIdFor('a', 'x', 'd')}:history`, 'P_' + '0'.repeat(24), '', '../p_000000000000000000000000']) expect(isPostId(bad)).toBe(false);
  });
});
