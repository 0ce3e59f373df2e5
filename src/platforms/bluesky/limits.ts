import { UnicodeString } from '@atproto/api';
import { utf8Length } from '../counting.js';
import { shortDisplayUrl } from '../display-url.js';
import { simpleProfile } from '../profile.js';

const MAX_BYTES = 3000;
const NEVER_JOINS = /^[\n\x20-\x7E\u00A0-\u02AF\u2010-\u2027\u2030-\u205E\u20A0-\u20C0]*$/;

/**
 * Bluesky's post lexicon: at most 300 graphemes and 3000 UTF-8 bytes. Graphemes are counted with
 * atproto's own UnicodeString, the same count the PDS validates with; Intl.Segmenter (newer Unicode
 * rules) can count fewer for some emoji sequences.
 */
function blueskyGraphemes(text: string): number {
  // Text made only of characters that never join a neighbour into one grapheme (printable ASCII,
  // Latin letters without combining marks, typographic punctuation; no CR, ZWJ, marks or emoji)
  // has one grapheme per UTF-16 unit. Most news text is like that, and atproto's count is slow.
  if (NEVER_JOINS.test(text)) return text.length;
  return new UnicodeString(text).graphemeLength;
}

export const blueskyProfile = simpleProfile({
  id: 'bluesky',
  limit: 300,
  measure: blueskyGraphemes,
  fits: (text, limit = 300) => utf8Length(text) <= MAX_BYTES && blueskyGraphemes(text) <= limit,
  maxParts: 25,
  maxHashtags: 3,
  unfurlsLinks: false,
  displayUrl: (url) => shortDisplayUrl(url),
});
