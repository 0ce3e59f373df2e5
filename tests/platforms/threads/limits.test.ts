import emojiRegex from 'emoji-regex';
import { describe, expect, it } from 'vitest';
import { threadsLength, threadsProfile } from '../../../src/platforms/threads/limits.js';

/**
 * Meta's rule (Threads API, Posts: "Emojis are counted as the number of UTF-8 bytes"), counted
 * independently: emoji-regex finds each emoji sequence, Buffer gives its bytes, the rest counts per code point.
 */
function independent(text: string): number {
  let n = 0;
  let at = 0;
  for (const m of text.matchAll(emojiRegex())) {
    n += [...text.slice(at, m.index)].length + Buffer.byteLength(m[0], 'utf8');
    at = m.index + m[0].length;
  }
  return n + [...text.slice(at)].length;
}

describe('Threads length', () => {
  it.each([
    ['plain text', 'Several killed in Lagos market attack', 37],
    ['a simple emoji', 'Live 🔴', 5 + 4],
    ['a flag (two regional indicators)', '🇳🇬 Lagos', 8 + 6],
    ['a ZWJ family', '👨‍👩‍👧‍👦', 25],
    ['a skin tone', '👍🏽', 8],
    ['an emoji with a variation selector', '❤️', 6],
    ['a keycap', '1️⃣ first', 7 + 6],
  ])('%s', (_name, text, expected) => {
    expect(threadsLength(text)).toBe(expected);
    expect(threadsLength(text)).toBe(independent(text));
  });

  it('agrees with the independent count on mixed text', () => {
    const text = 'पटना 🌊 बाढ़ 🇮🇳 राहत 👨‍👩‍👧 — 上海 🏳️‍🌈 ok';
    expect(threadsLength(text)).toBe(independent(text));
  });

  it('refuses a post that code points would have passed', () => {
    const text = `${'a'.repeat(480)} ${'🇳🇬'.repeat(3)}`;
    expect([...text].length).toBeLessThanOrEqual(500);
    expect(threadsProfile.fits(text)).toBe(false);
  });
});
