import { utf16Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** Discord webhook `content`: 2000 characters. */
export const discordProfile = simpleProfile({
  id: 'discord',
  limit: 2000,
  measure: utf16Length,
  maxParts: 10,
  maxHashtags: 0,
  unfurlsLinks: true,
});
