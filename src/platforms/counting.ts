import twitterText from 'twitter-text';

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

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

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
  let n = 0;
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  for (const _ of segmenter.segment(text)) n++;
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
