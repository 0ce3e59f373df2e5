import { utf16Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** LinkedIn posts (commentary): 3000 characters, one post, no threads. */
export const linkedinProfile = simpleProfile({
  id: 'linkedin',
  limit: 3000,
  measure: utf16Length,
  maxParts: 1,
  maxHashtags: 5,
  unfurlsLinks: true,
});
