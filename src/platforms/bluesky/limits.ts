import { graphemeLength, utf8Length } from '../counting.js';
import { shortDisplayUrl } from '../display-url.js';
import { simpleProfile } from '../profile.js';

const MAX_BYTES = 3000;
/**
 * Characters that never join a neighbour into one grapheme: printable ASCII, Latin, Greek, Cyrillic,
 * Hebrew and Arabic letters without their combining marks, CJK ideographs and punctuation,
 * typographic punctuation. No CR (CR LF is one grapheme), marks, joiners, emoji, Hangul jamo
 * or Indic scripts (their vowel signs combine).
 */
const NEVER_JOINS =
  /^[\n\x20-\x7E\u00A0-\u02AF\u0370-\u03FF\u0400-\u0482\u048A-\u04FF\u05D0-\u05EA\u060C\u061B\u061F\u0621-\u064A\u0660-\u0669\u0671-\u06D4\u2010-\u2027\u2030-\u205E\u20A0-\u20C0\u3001-\u3029\u3030-\u303F\u4E00-\u9FFF\uFF01-\uFF60]*$/;

/**
 * Bluesky's post lexicon: at most 300 graphemes and 3000 UTF-8 bytes. atproto counts graphemes with
 * Intl.Segmenter (@atproto/lex-data), and so does this, without UnicodeString's UTF-8 copy; the
 * compose tests check every part against UnicodeString itself, so a change in atproto shows there.
 */
function blueskyGraphemes(text: string): number {
  // Text made only of characters that never join a neighbour into one grapheme (printable ASCII,
  // Latin letters without combining marks, typographic punctuation; no CR, ZWJ, marks or emoji)
  // has one grapheme per UTF-16 unit. Most news text is like that, and atproto's count is slow.
  if (NEVER_JOINS.test(text)) return text.length;
  return graphemeLength(text);
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
