import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HASHTAG_SLOT } from '../../../src/compose/fit.js';
import { measurer } from '../../../src/compose/fit/measurer.js';
import { PartLayout, type Decorations } from '../../../src/compose/fit/part-layout.js';
import type { PlatformProfile } from '../../../src/platforms/profile.js';
import { PROFILES } from '../../../src/platforms/profiles.js';
import { articleUrl, nastyText } from './arbitraries.js';

const URL = 'https://example.com/news/beijing-backs-islamabad';
const noTrailing = (text: string): string => text;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** A prefix of `text` in whole clusters, as long as `fits` accepts (searched by halving): a part filled to the brim. */
function brimful(text: string, fits: (body: string) => boolean): string {
  const clusters = [...segmenter.segment(text)].map((cluster) => cluster.segment);
  const prefix = (count: number): string => clusters.slice(0, count).join('');
  let good = 0;
  let bad = clusters.length + 1;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (fits(prefix(middle))) good = middle;
    else bad = middle;
  }
  return prefix(good).trim();
}

const PROFILE_CASES: Array<{ name: string; profile: PlatformProfile }> = [
  { name: 'X', profile: PROFILES.x },
  { name: 'Bluesky', profile: PROFILES.bluesky },
  { name: 'Mastodon', profile: PROFILES.mastodon },
  { name: 'Telegram', profile: PROFILES.telegram },
  { name: 'LinkedIn', profile: PROFILES.linkedin },
];

describe('PartLayout writes what it reserved', () => {
  const decorations = fc.record({ ellipsis: fc.boolean(), link: fc.boolean(), numbered: fc.boolean() });
  /** A thread count whose digits fill the reserved width half the time: the widest numbering. */
  const thread = fc.integer({ min: 1, max: 3 }).chain((width) =>
    fc
      .oneof(fc.integer({ min: 10 ** (width - 1), max: 10 ** width - 1 }), fc.integer({ min: 1, max: 10 ** width - 1 }))
      .chain((total) => fc.record({ width: fc.constant(width), total: fc.constant(total), index: fc.integer({ min: 0, max: total - 1 }) })),
  );

  it.each(PROFILE_CASES)('$name: a body that fits beside the reservation still fits once written', ({ profile }) => {
    const platform = measurer(profile);
    fc.assert(
      fc.property(nastyText, articleUrl(300), decorations, thread, fc.integer({ min: 20, max: 600 }), (text, link, wanted, position, limit) => {
        const layout = new PartLayout(link, position.width, platform);
        const reservation = layout.reserve(limit, wanted);
        const body = brimful(text.split(HASHTAG_SLOT).join(''), reservation.fits);
        const written = layout.write(body, reservation.decorations, position, noTrailing);
        const planned = platform.measure(body + reservation.text);

        expect(reservation.measure).toBe(platform.measure(reservation.text));
        if (reservation.fits(body)) expect(profile.fits(written, limit)).toBe(true);
        expect(platform.measure(written)).toBeLessThanOrEqual(planned);
        const widest =
          body !== '' &&
          (!reservation.decorations.ellipsis || written.startsWith(`${body} …`)) &&
          (!reservation.decorations.numbered || (position.total > 1 && String(position.index + 1).length === position.width && String(position.total).length === position.width));
        if (widest) expect(platform.measure(written)).toBe(planned);
      }),
      { numRuns: 150, seed: 20261202 },
    );
  });
});

describe('PartLayout', () => {
  const layout = new PartLayout(URL, 1, measurer(PROFILES.x));
  const all: Decorations = { ellipsis: true, link: true, numbered: true };

  it('writes the body, "…", what trails it, the link line and the numbering, in that order', () => {
    const written = layout.write('The deal was signed', all, { index: 1, total: 3 }, (text) => `${text} #CPEC`);
    expect(written).toBe(`The deal was signed… #CPEC\n${URL} 2/3`);
  });

  it('sets the ellipsis apart after punctuation, a link or a hashtag', () => {
    const only: Decorations = { ellipsis: true, link: false, numbered: false };
    const position = { index: 0, total: 1 };
    expect(layout.write('It was signed.', only, position, noTrailing)).toBe('It was signed. …');
    expect(layout.write('Read #CPEC', only, position, noTrailing)).toBe('Read #CPEC …');
    expect(layout.write('See https://example.org/a', only, position, noTrailing)).toBe('See https://example.org/a …');
  });

  it('numbers only a thread of more than one part, and writes a link alone when there is no body', () => {
    expect(layout.write('', all, { index: 0, total: 1 }, noTrailing)).toBe(` …\n${URL}`);
    expect(layout.write('', { ellipsis: false, link: true, numbered: true }, { index: 0, total: 1 }, noTrailing)).toBe(URL);
  });

  it('reserves the widest form of each decoration', () => {
    expect(layout.reserve(280, all).text).toBe(` …\n${URL} 9/9`);
    expect(new PartLayout(URL, 2, measurer(PROFILES.x)).reserve(280, all).text).toBe(` …\n${URL} 99/99`);
    expect(new PartLayout(URL, 0, measurer(PROFILES.x)).reserve(280, all).decorations.numbered).toBe(false);
  });

  it('gives up the link, then the numbering, then "…" where they cannot fit beside one character', () => {
    const long = `https://example.com/${'a'.repeat(40)}`;
    const bluesky = new PartLayout(long, 1, measurer(PROFILES.bluesky));
    expect(bluesky.reserve(30, all).decorations).toEqual({ ellipsis: true, link: false, numbered: true });
    expect(bluesky.reserve(5, all).decorations).toEqual({ ellipsis: true, link: false, numbered: false });
    expect(bluesky.reserve(2, all).decorations).toEqual({ ellipsis: false, link: false, numbered: false });
  });
});
