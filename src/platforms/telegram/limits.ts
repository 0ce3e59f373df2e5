import { utf16Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** Telegram Bot API: 4096 UTF-16 units per message, 1024 for a photo caption. */
export const telegramProfile = simpleProfile({
  id: 'telegram',
  limit: 4096,
  captionLimit: 1024,
  measure: utf16Length,
  maxParts: 10,
  maxHashtags: 5,
  unfurlsLinks: true,
});
