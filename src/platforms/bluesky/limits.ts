import { UnicodeString } from '@atproto/api';
import { utf8Length } from '../counting.js';
import { shortDisplayUrl } from '../display-url.js';
import { simpleProfile } from '../profile.js';

const MAX_BYTES = 3000;

/**
 * Bluesky's post lexicon: at most 300 graphemes and 3000 UTF-8 bytes. Graphemes are counted with
 * atproto's own UnicodeString, the same count the PDS validates with; Intl.Segmenter (newer Unicode
 * rules) can count fewer for some emoji sequences.
 */
function blueskyGraphemes(text: string): number {
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
