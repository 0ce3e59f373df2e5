import { graphemeLength, utf8Length } from '../counting.js';
import { shortDisplayUrl } from '../display-url.js';
import { simpleProfile } from '../profile.js';

const MAX_BYTES = 3000;
/**
 * Bluesky's post lexicon: at most 300 graphemes and 3000 UTF-8 bytes. atproto counts graphemes with
 * Intl.Segmenter (@atproto/lex-data), and so does this, without UnicodeString's UTF-8 copy; the
 * compose tests check every part against UnicodeString itself, so a change in atproto shows there.
 */
function blueskyGraphemes(text: string): number {
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
