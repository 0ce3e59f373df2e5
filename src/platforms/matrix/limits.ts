import { codePointLength } from '../counting.js';
import { simpleProfile } from '../profile.js';

/**
 * Matrix has no character limit, only 65,536 bytes per event, which the homeserver fills with its
 * own fields (ids, signatures, hashes: a kilobyte or two). 4000 code points is a screenful, about as
 * much as one chat message should hold, and it keeps the worst case inside the cap: a code point
 * costs at most 6 bytes in the JSON `body` (a control character escaped) and 6 in `formatted_body`
 * (`"` as `&quot;`), so 48,000 bytes plus the event's envelope.
 */
export const matrixProfile = simpleProfile({
  id: 'matrix',
  limit: 4000,
  measure: codePointLength,
  maxParts: 10,
  // Rooms have no hashtag search; tags would be noise.
  maxHashtags: 0,
  // Element and most clients preview a link from the homeserver's URL preview in unencrypted rooms.
  unfurlsLinks: true,
});
