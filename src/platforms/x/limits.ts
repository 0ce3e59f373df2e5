import { twitterText } from '../twitter-text.js';
import { countInPieces } from '../counting.js';
import { simpleProfile } from '../profile.js';

/** twitter-text's weighted length, read in pieces so that a 150,000-character headline costs linear time. */
export function xLength(text: string): number {
  return countInPieces(text, 4096, (piece) => twitterText.parseTweet(piece).weightedLength);
}

/** X counts by twitter-text's weighted length: URLs 23, CJK and emoji 2, most Latin 1. */
export const xProfile = simpleProfile({
  id: 'x',
  limit: 280,
  measure: xLength,
  maxParts: 25,
  maxHashtags: 2,
  unfurlsLinks: true,
});
