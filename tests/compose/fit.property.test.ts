import { UnicodeString } from '@atproto/api';
import fc from 'fast-check';
import twitterText from 'twitter-text';
import { countGraphemes } from 'unicode-segmenter/grapheme';
import { describe, expect, it } from 'vitest';
import { fitThread, fitThreadReport, HASHTAG_SLOT, type FitInput } from '../../src/compose/fit.js';
import type { DraftPart } from '../../src/domain/draft.js';
import { utf8Length } from '../../src/platforms/counting.js';
import type { PlatformProfile } from '../../src/platforms/profile.js';
import { PROFILES } from '../../src/platforms/profiles.js';
import { articleUrl, nastyText, TAGS } from './fit/arbitraries.js';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

function visibleGraphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment).filter((g) => !/^\s+$/u.test(g));
}

/** The platform's own count, computed independently of the profile where a library gives it. */
function withinLimit(profile: PlatformProfile, part: DraftPart): boolean {
  switch (profile.id) {
    case 'x':
      return twitterText.parseTweet(part.text).weightedLength <= part.limit;
    case 'bluesky':
      return new UnicodeString(part.text).graphemeLength <= part.limit && utf8Length(part.text) <= 3000;
    case 'mastodon': {
      // Independent of crier's counter: unicode-segmenter's grapheme count, each URL as 23.
      let n = countGraphemes(part.text);
      for (const u of twitterText.extractUrlsWithIndices(part.text, { extractUrlsWithoutProtocol: false })) n += 23 - countGraphemes(u.url);
      return n <= part.limit;
    }
    default:
      return profile.measure(part.text) <= part.limit;
  }
}

/** Removes what the fitter adds (numbering, link line, hashtags, ellipsis); returns the text it kept. */
function keptText(parts: DraftPart[], url: string, cap: number): { kept: string; truncated: boolean } {
  let truncated = false;
  const kept = parts.map((p, i) => {
    let t = p.text;
    const suffix = ` ${i + 1}/${parts.length}`;
    if (parts.length > 1 && t.endsWith(suffix)) t = t.slice(0, -suffix.length);
    if (t === url) t = '';
    else if (t.endsWith(`\n${url}`)) t = t.slice(0, -(url.length + 1));
    for (const tag of TAGS) t = t.split(tag).join(' ');
    t = t.trimEnd();
    if (i === parts.length - 1 && parts.length === cap && t.endsWith('…')) {
      truncated = true;
      t = t.slice(0, -1);
    }
    return t;
  });
  return { kept: kept.join('\n'), truncated };
}

const CASES: Array<{ name: string; profile: PlatformProfile; urlMax: number; firstPartLimit?: number }> = [
  { name: 'X', profile: PROFILES.x, urlMax: 1000 },
  { name: 'Bluesky', profile: PROFILES.bluesky, urlMax: 200 },
  { name: 'Mastodon', profile: PROFILES.mastodon, urlMax: 1000 },
  { name: 'Telegram caption', profile: PROFILES.telegram, urlMax: 500, firstPartLimit: 1024 },
  { name: 'LinkedIn', profile: PROFILES.linkedin, urlMax: 500 },
];

describe.each(CASES)('fitThread properties: $name', ({ profile, urlMax, firstPartLimit }) => {
  const input = fc.record({
    parts: fc.oneof({ arbitrary: nastyText.map((t) => [t]), weight: 4 }, { arbitrary: fc.array(nastyText, { maxLength: 3 }), weight: 1 }),
    url: articleUrl(urlMax),
    hashtags: fc.subarray(TAGS),
    maxParts: fc.integer({ min: 1, max: 30 }),
    numbering: fc.boolean(),
  });

  it('fits every part, keeps the link, respects the cap and never splits a cluster', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const fitInput: FitInput = { ...raw, firstPartLimit };
        const parts = fitThread(fitInput, profile);
        const cap = Math.min(raw.maxParts, profile.maxParts);
        expect(parts.length).toBeLessThanOrEqual(cap);
        expect(parts.length).toBeGreaterThan(0);
        for (const p of parts) {
          expect(p.text.trim()).not.toBe('');
          expect(withinLimit(profile, p)).toBe(true);
          expect(profile.fits(p.text, p.limit)).toBe(true);
          expect(p.length).toBe(profile.measure(p.text));
        }
        expect(parts[0]?.limit).toBe(Math.min(firstPartLimit ?? profile.limit, profile.limit));
        expect(parts.some((p) => p.text.includes(raw.url))).toBe(true);

        const original = visibleGraphemes(raw.parts.join('\n').split(HASHTAG_SLOT).join(''));
        const { kept, truncated } = keptText(parts, raw.url, cap);
        const out = visibleGraphemes(kept);
        if (truncated) expect(original.slice(0, out.length)).toEqual(out);
        else expect(out).toEqual(original);
      }),
      { numRuns: 300, seed: 20261201 },
    );
    // 300 runs take 5–20 s alone on a loaded 2-core machine.
  }, 120_000);

  it('is deterministic', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const fitInput: FitInput = { ...raw, firstPartLimit };
        expect(fitThread(fitInput, profile)).toEqual(fitThread(fitInput, profile));
      }),
      { numRuns: 50, seed: 20261201 },
    );
    // Up to 1.5 s alone, 6 s with the suite beside it: room for three times the worst.
  }, 60_000);

  // The renderer cuts a part that came out over its limit, so a plan that reserved less than the
  // layout writes would still send valid posts: only this count shows it.
  it('reserves what it writes: no part needs the last-resort cut', () => {
    fc.assert(
      fc.property(input, (raw) => {
        const fitInput: FitInput = { ...raw, firstPartLimit };
        expect(fitThreadReport(fitInput, profile).lastResortCuts).toBe(0);
      }),
      { numRuns: 150, seed: 20261202 },
    );
  }, 60_000);
});

describe('fitThread never throws on arbitrary strings', () => {
  it.each(CASES)('$name', ({ profile }) => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: 'binary', maxLength: 400 }), { maxLength: 3 }),
        fc.string({ maxLength: 50 }),
        fc.integer({ min: -3, max: 40 }),
        (parts, url, maxParts) => {
          const out = fitThread({ parts, url, hashtags: TAGS, maxParts, numbering: true }, profile);
          for (const p of out) expect(profile.fits(p.text, p.limit)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 20261201 },
    );
  });

  it('handles lone surrogates', () => {
    const parts = fitThread(
      { parts: [`\ud83d a \udc68 ${'b'.repeat(600)} \ud800`], url: 'https://example.com/x', hashtags: [], maxParts: 5, numbering: true },
      PROFILES.x,
    );
    for (const p of parts) expect(PROFILES.x.fits(p.text, p.limit)).toBe(true);
    expect(parts.length).toBeGreaterThan(1);
  });
});
