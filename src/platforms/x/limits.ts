import twitterText from 'twitter-text';
import { simpleProfile } from '../profile.js';

/** X counts by twitter-text's weighted length: URLs 23, CJK and emoji 2, most Latin 1. */
export const xProfile = simpleProfile({
  id: 'x',
  limit: 280,
  measure: (text) => twitterText.parseTweet(text).weightedLength,
  maxParts: 25,
  maxHashtags: 2,
  unfurlsLinks: true,
});
