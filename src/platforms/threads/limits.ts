import { countInPieces, utf8Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** A cluster that shows as an emoji: pictographs, flags (regional indicator pairs), keycaps. */
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\u20e3]/u;
const MAYBE_EMOJI = /[\u00a9\u00ae\u203c-\u3299\u20e3\ud83c-\ud83e]/;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Threads: 500 characters, and "emojis are counted as the number of UTF-8 bytes" (Threads API,
 * Posts, Limitations). An emoji is the whole cluster a reader sees, so a flag, a skin tone, a
 * variation selector or a ZWJ family counts every byte of it; other text counts per code point,
 * which is never less than what a person sees.
 */
export function threadsLength(text: string): number {
  return countInPieces(text, 16_384, threadsPieceLength);
}

function threadsPieceLength(text: string): number {
  if (!MAYBE_EMOJI.test(text)) {
    let n = 0;
    for (const _ of text) n++;
    return n;
  }
  let n = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (EMOJI.test(segment)) n += utf8Length(segment);
    else for (const _ of segment) n++;
  }
  return n;
}

export const threadsProfile = simpleProfile({
  id: 'threads',
  limit: 500,
  measure: threadsLength,
  maxParts: 10,
  maxHashtags: 1,
  unfurlsLinks: true,
});
