import type { MediaRef } from '../domain/draft.js';
import { fitImage, type FittedImage, type ImageRules } from '../media/fit-image.js';
import type { MediaFetcher } from './media.js';

export type ImageForPlatform = { ok: true; image: FittedImage } | { ok: false; reason: string };

/**
 * The article image fetched through the injected fetcher (in the service, the per-article cache
 * that has already made its bounded tries) and sized for one platform. Any failure is a definite
 * "no image" with the reason: the post then goes out without it, and the warning says why.
 */
export async function imageForPlatform(fetchMedia: MediaFetcher, media: MediaRef, rules: ImageRules): Promise<ImageForPlatform> {
  try {
    const fetched = await fetchMedia(media.url, { accept: 'image/*' });
    if (!fetched.mimeType.startsWith('image/')) return { ok: false, reason: `${media.url} is not an image (${fetched.mimeType})` };
    return { ok: true, image: await fitImage(fetched, rules) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Alt text cut to the platform's limit in code points, so no surrogate pair is split. */
export function altText(media: MediaRef, maxChars: number): string {
  return [...media.alt.trim()].slice(0, maxChars).join('');
}

/** The usual file extension for an image type, for upload file names: image/jpeg → jpg, image/png → png. */
export function extensionFor(mimeType: string): string {
  const subtype = mimeType.split('/')[1]?.split(';')[0] ?? 'bin';
  return subtype === 'jpeg' ? 'jpg' : subtype;
}
