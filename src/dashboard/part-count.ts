import type { PlatformProfile } from '../platforms/profile.js';

export interface PartCount {
  length: number;
  limit: number;
  over: boolean;
  /** Why the part does not fit, in words; absent when it does. */
  problem?: string;
}

/**
 * One part counted the way delivery counts it: the platform profile's own measure and limit (the
 * first part of a post with an image gets the caption limit where the platform has one), and `fits`
 * for any second cap such as Bluesky's bytes. The same rules as validateParts, which refuses the save.
 */
export function countPart(profile: PlatformProfile, text: string, index: number, hasMedia: boolean): PartCount {
  const platform = profile.id;
  const limit = index === 0 && hasMedia && profile.captionLimit !== undefined ? profile.captionLimit : profile.limit;
  const length = profile.measure(text);
  if (text.trim() === '') return { length, limit, over: false, problem: 'empty' };
  if (profile.fits(text, limit)) return { length, limit, over: false };
  const problem = length > limit ? `${length - limit} over the limit` : `within ${limit} but over ${platform}’s size cap in bytes`;
  return { length, limit, over: true, problem };
}
