import type { DraftPart } from '../domain/draft.js';
import { PartsInvalidError, type PartIssue } from '../domain/errors/index.js';
import type { PlatformId } from '../domain/platform.js';
import type { PlatformProfile } from '../platforms/profile.js';
import { PROFILES } from '../platforms/profiles.js';

export interface PartContext {
  /** The first part carries the media, so it gets the platform's caption limit where it has one (Telegram). */
  hasMedia: boolean;
  /** Texts of parts that already went out (a partial thread waiting for its retry): they cannot change any more. */
  deliveredTexts: ReadonlyMap<number, string>;
  /** The account's own profile where it differs from the platform's default (a Mastodon instance's limit). */
  profile?: PlatformProfile;
}

/**
 * Checks editor-supplied texts the way the platform will count them and returns the parts with their
 * length and limit recomputed. Every problem is collected so the editor sees them all at once.
 */
export function validateParts(platform: PlatformId, texts: readonly string[], context: PartContext): DraftPart[] {
  const profile = context.profile ?? PROFILES[platform];
  const issues: PartIssue[] = [];
  if (texts.length === 0) issues.push({ message: 'a post needs at least one part' });
  if (texts.length > profile.maxParts) {
    issues.push({ message: `${texts.length} parts, but ${platform} threads take at most ${profile.maxParts}` });
  }
  for (const index of context.deliveredTexts.keys()) {
    if (index >= texts.length) issues.push({ index, message: 'this part already went out and cannot be removed' });
  }

  const parts = texts.map((text, index): DraftPart => {
    const limit = index === 0 && context.hasMedia && profile.captionLimit !== undefined ? profile.captionLimit : profile.limit;
    const length = profile.measure(text);
    const sent = context.deliveredTexts.get(index);
    if (sent !== undefined && sent !== text) {
      issues.push({ index, message: 'this part already went out and cannot be changed' });
    } else if (text.trim() === '') {
      issues.push({ index, message: 'empty', length, limit });
    } else if (!profile.fits(text, limit)) {
      const message =
        length > limit
          ? `${length} is over the limit of ${limit} as ${platform} counts`
          : `too long for ${platform}: within ${limit} by its count but over its other cap (size in bytes)`;
      issues.push({ index, message, length, limit });
    }
    return { text, length, limit };
  });

  if (issues.length > 0) throw new PartsInvalidError(issues);
  return parts;
}
