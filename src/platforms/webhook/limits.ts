import { utf16Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** The generic webhook target has no platform limit; 10000 keeps a runaway template bounded. */
export const webhookProfile = simpleProfile({
  id: 'webhook',
  limit: 10000,
  measure: utf16Length,
  maxParts: 1,
  maxHashtags: 5,
  unfurlsLinks: false,
});
