import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../src/domain/platform.js';
import { postIdFor } from '../../src/posts/post.js';

describe('postIdFor', () => {
  it('is deterministic and shaped for a BullMQ job id', () => {
    const id = postIdFor('art-1', '3', 'x', 'default');
    expect(id).toBe(postIdFor('art-1', '3', 'x', 'default'));
    expect(id).toMatch(/^p_[0-9a-f]{24}$/);
  });

  it('differs when any part of the tuple differs', () => {
    const ids = new Set([
      postIdFor('art-1', '3', 'x', 'default'),
      postIdFor('art-2', '3', 'x', 'default'),
      postIdFor('art-1', '4', 'x', 'default'),
      postIdFor('art-1', '3', 'bluesky', 'default'),
      postIdFor('art-1', '3', 'x', 'other'),
    ]);
    expect(ids.size).toBe(5);
  });

  it('cannot be confused by separators inside the parts', () => {
    expect(postIdFor('a|b', 'c', 'x', 'd')).not.toBe(postIdFor('a', 'b|c', 'x', 'd'));
    expect(postIdFor('a\u0000b', 'c', 'x', 'd')).not.toBe(postIdFor('a', 'b\u0000c', 'x', 'd'));
    expect(postIdFor('a:b', '1', 'x', 'd')).not.toContain(':');
  });

  it('never contains a colon, whatever the inputs', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(...PLATFORM_IDS), fc.string(), (article, revision, platform, account) => {
        expect(postIdFor(article, revision, platform, account)).toMatch(/^p_[0-9a-f]{24}$/);
      }),
    );
  });
});
