import { utf8Length } from '../counting.js';
import { simpleProfile } from '../profile.js';

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

/** Threads: 500 characters, where an emoji counts as its UTF-8 byte length (Threads API docs). */
function threadsLength(text: string): number {
  let n = 0;
  for (const ch of text) n += PICTOGRAPHIC.test(ch) ? utf8Length(ch) : 1;
  return n;
}

export const threadsProfile = simpleProfile({
  id: 'threads',
  limit: 500,
  measure: threadsLength,
  maxParts: 10,
  maxHashtags: 1,
  unfurlsLinks: true,
});
