import { twitterText } from './twitter-text.js';

/** UTF-16 code units: what JavaScript-built platforms (Discord, Slack, Telegram) count. */
export function utf16Length(text: string): number {
  return text.length;
}

export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** One grapheme segmenter for the platforms' counting and cutting: building one is not free. */
export const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Characters that never join a neighbour into one grapheme: printable ASCII, Latin, Greek, Cyrillic,
 * Hebrew and Arabic letters without their combining marks, CJK ideographs and punctuation,
 * typographic punctuation. No CR (CR LF is one grapheme), marks, joiners, emoji, Hangul jamo
 * or Indic scripts (their vowel signs combine).
 */
const NEVER_JOINS =
  /^[\n\x20-\x7E\u00A0-\u02AF\u0370-\u03FF\u0400-\u0482\u048A-\u04FF\u05D0-\u05EA\u060C\u061B\u061F\u0621-\u064A\u0660-\u0669\u0671-\u06D4\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u3001-\u3029\u3030-\u303F\u4E00-\u9FFF\uFF01-\uFF60]*$/;

/** Grapheme clusters, exactly; text that cannot join (most news text) is counted without the segmenter, which is slow. */
export function graphemeLength(text: string): number {
  if (NEVER_JOINS.test(text)) return text.length;
  // V8's segmenter slows down sharply past ~100,000 code units (4,096 steps took 5 s on 200,000).
  if (text.length > SEGMENT_PIECE) return countInPieces(text, SEGMENT_PIECE, segmentCount);
  return segmentCount(text);
}

const SEGMENT_PIECE = 16_384;

function segmentCount(text: string): number {
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ of graphemeSegmenter.segment(text)) n++;
  return n;
}

/**
 * Length with every URL counted as `urlWeight` characters and the rest counted by `count`
 * (Mastodon's rule). URLs are found with twitter-text's extractor, the same grammar Mastodon's
 * validator is built on.
 */
export function lengthWithUrlsAs(text: string, urlWeight: number, count: (s: string) => number): number {
  const urls = twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  if (urls.length === 0) return count(text);
  let total = 0;
  let at = 0;
  for (const u of urls) {
    const [start, end] = u.indices;
    total += count(text.slice(at, start)) + urlWeight;
    at = end;
  }
  return total + count(text.slice(at));
}

/**
 * `count` summed over pieces of at most `size` code units, cut at white space (and inside a run
 * only when one is longer): twitter-text's extractors are superlinear on long input, and compose
 * measures text of any length. Additive where no entity spans white space (URLs, mentions, emoji
 * never do); a run cut in two can only count more, never less.
 */
export function countInPieces(text: string, size: number, count: (s: string) => number): number {
  if (text.length <= size) return count(text);
  let total = 0;
  let from = 0;
  while (from < text.length) {
    let to = Math.min(from + size, text.length);
    if (to < text.length) {
      let cut = to;
      while (cut > from && !/\s/.test(text[cut - 1] ?? '')) cut--;
      if (cut > from) to = cut;
      else {
        // One run longer than a piece: cut where no cluster continues (back off a little).
        let at = to;
        while (at > to - 64 && at > from + 1 && joinsAt(text, at)) at--;
        to = at;
      }
    }
    total += count(text.slice(from, to));
    from = to;
  }
  return total;
}

/** Whether a cluster may continue across `at`: inside a surrogate pair, before a mark, joiner, variation selector, skin tone or tag, or after a joiner. */
function joinsAt(text: string, at: number): boolean {
  const before = text.charCodeAt(at - 1);
  if (before >= 0xd800 && before <= 0xdbff) return true;
  if (before === 0x200d) return true;
  const after = text.codePointAt(at) ?? 0;
  return CONTINUES.test(String.fromCodePoint(after));
}

const CONTINUES = /[\p{M}\u200c\u200d\ufe0e\ufe0f\u20e3\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;
