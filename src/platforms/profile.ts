import type { PlatformId } from '../domain/platform.js';

/**
 * What compose needs to know about a platform: how it counts text and how much it takes.
 * `measure` is the platform's own count (what `length` reports in render output); `fits` also
 * checks any second limit (Bluesky's byte cap). Counting must agree with the platform or err long.
 */
export interface PlatformProfile {
  id: PlatformId;
  /** Most units one part may hold, in the platform's own measure. */
  limit: number;
  /** Limit of a part that carries a photo, where the platform has a smaller caption limit (Telegram). */
  captionLimit?: number;
  measure(text: string): number;
  fits(text: string, limit?: number): boolean;
  /**
   * `measure(text)` when the text fits, else undefined: one count where `fits` and `measure` would
   * take two (compose fits every part of every post, and X's count is not cheap).
   */
  lengthIfFits?(text: string, limit?: number): number | undefined;
  /** Most parts the platform can chain as a thread; 1 where replies are not a thing (LinkedIn). */
  maxParts: number;
  maxHashtags: number;
  /** Whether the platform renders a link card from the URL itself (so the text needn't repeat it twice). */
  unfurlsLinks: boolean;
  /** How the article link is shown in the text, where the platform counts every character of it (Bluesky). */
  displayUrl?(url: string): string;
}

export function simpleProfile(
  p: Omit<PlatformProfile, 'fits'> & { fits?: PlatformProfile['fits'] },
): PlatformProfile {
  const custom = p.fits;
  const lengthIfFits =
    p.lengthIfFits ??
    (custom
      ? (text: string, limit = p.limit) => (custom(text, limit) ? p.measure(text) : undefined)
      : (text: string, limit = p.limit) => {
          const n = p.measure(text);
          return n <= limit ? n : undefined;
        });
  return { ...p, fits: custom ?? ((text, limit = p.limit) => p.measure(text) <= limit), lengthIfFits };
}
