import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeBreak } from '../../../src/compose/fit/breaks.js';
import { nastyText } from './arbitraries.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function boundaries(text: string): Set<number> {
  const out = new Set<number>([0, text.length]);
  for (const s of segmenter.segment(text)) out.add(s.index);
  return out;
}

describe('isSafeBreak', () => {
  it('only ever allows grapheme cluster boundaries', () => {
    fc.assert(
      fc.property(nastyText, (text) => {
        const ok = boundaries(text);
        for (let i = 0; i <= text.length; i++) {
          if (isSafeBreak(text, i)) expect(ok.has(i), `position ${i} of ${JSON.stringify(text)}`).toBe(true);
        }
      }),
      { numRuns: 300, seed: 20261202 },
    );
  });

  it.each([
    ['a\u0301', 1],
    ['👨‍👩‍👧', 2],
    ['👨‍👩‍👧', 3],
    ['🇵🇰', 2],
    ['\r\n', 1],
    [' \u0301', 1],
    ['\u0600 ', 1],
    ['क्ष', 2],
  ])('refuses to split %j at %i', (text, at) => {
    expect(isSafeBreak(text, at)).toBe(false);
  });

  it.each([
    ['a b', 1],
    ['a b', 2],
    ['中国', 1],
    ['🇵🇰 🇮🇳', 4],
  ])('allows %j at %i', (text, at) => {
    expect(isSafeBreak(text, at)).toBe(true);
  });
});
