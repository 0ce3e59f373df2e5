import { graphemeLength, utf8Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

const MAX_BYTES = 3000;

/** Bluesky's post lexicon: at most 300 graphemes and 3000 UTF-8 bytes. */
export const blueskyProfile = simpleProfile({
  id: 'bluesky',
  limit: 300,
  measure: graphemeLength,
  fits: (text, limit = 300) => utf8Length(text) <= MAX_BYTES && graphemeLength(text) <= limit,
  maxParts: 25,
  maxHashtags: 3,
  unfurlsLinks: false,
});
