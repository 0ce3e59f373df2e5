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
export function graphemeLength(text: string): number {
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
