import { utf16Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** Slack: a section block's text holds 3000 characters (the message itself allows more, but truncates). */
export const slackProfile = simpleProfile({
  id: 'slack',
  limit: 3000,
  measure: utf16Length,
  maxParts: 10,
  maxHashtags: 0,
  unfurlsLinks: true,
});
