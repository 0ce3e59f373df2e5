import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitThreadReport, type FitInput } from '../../../src/compose/fit.js';
import type { PlatformProfile } from '../../../src/platforms/profile.js';
import { PROFILES } from '../../../src/platforms/profiles.js';
import { articleUrl, nastyText, TAGS } from './arbitraries.js';

/**
 * The renderer cuts a part that came out over its limit, so a plan that reserved less than the
 * layout writes still sends valid posts: only this count shows it.
 */
const CASES: Array<{ name: string; profile: PlatformProfile; urlMax: number; firstPartLimit?: number }> = [
  { name: 'X', profile: PROFILES.x, urlMax: 1000 },
  { name: 'Bluesky', profile: PROFILES.bluesky, urlMax: 200 },
  { name: 'Mastodon', profile: PROFILES.mastodon, urlMax: 1000 },
  { name: 'Telegram caption', profile: PROFILES.telegram, urlMax: 500, firstPartLimit: 1024 },
  { name: 'LinkedIn', profile: PROFILES.linkedin, urlMax: 500 },
];

describe('planning reserves what rendering writes', () => {
  it.each(CASES)('$name: no part needs the last-resort cut', ({ profile, urlMax, firstPartLimit }) => {
    const input = fc.record({
      parts: fc.oneof({ arbitrary: nastyText.map((text) => [text]), weight: 4 }, { arbitrary: fc.array(nastyText, { maxLength: 3 }), weight: 1 }),
      url: articleUrl(urlMax),
      hashtags: fc.subarray(TAGS),
      maxParts: fc.integer({ min: 1, max: 30 }),
      numbering: fc.boolean(),
    });
    fc.assert(
      fc.property(input, (raw) => {
        const fitInput: FitInput = { ...raw, ...(firstPartLimit !== undefined ? { firstPartLimit } : {}) };
        expect(fitThreadReport(fitInput, profile).lastResortCuts).toBe(0);
      }),
      { numRuns: 150, seed: 20261202 },
    );
  }, 60_000);

  it('counts a cut when a part cannot fit as planned', () => {
    const url = `https://example.com/${'a'.repeat(400)}`;
    const report = fitThreadReport({ parts: [''], url, hashtags: [], maxParts: 3, numbering: true }, PROFILES.bluesky);
    expect(report.lastResortCuts).toBe(1);
    expect(report.parts.every((part) => PROFILES.bluesky.fits(part.text, part.limit))).toBe(true);
  });
});
