import { codePointLength, lengthWithUrlsAs } from '../counting.js';
import { simpleProfile } from '../profile.js';

/**
 * Mastodon's default: 500 characters, every URL counted as 23. Counting code points rather than
 * graphemes errs long, never short. Instances with other limits can override via accounts later.
 */
export const mastodonProfile = simpleProfile({
  id: 'mastodon',
  limit: 500,
  measure: (text) => lengthWithUrlsAs(text, 23, codePointLength),
  maxParts: 25,
  maxHashtags: 4,
  unfurlsLinks: true,
});
