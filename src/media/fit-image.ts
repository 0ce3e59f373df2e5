import type { FetchedMedia } from '../platforms/media.js';
import { toJpegThumbnail } from '../platforms/bluesky/thumbnail.js';

/** What one platform takes: the types it accepts as they are, and its size limit. */
export interface ImageRules {
  maxBytes: number;
  types: readonly string[];
}

export interface FittedImage {
  bytes: Uint8Array;
  mimeType: string;
}

/**
 * The image as the platform takes it: unchanged when its type and size are accepted, otherwise
 * re-encoded as a JPEG that fits (an 8 MB PNG for X's 5 MB, a TIFF or AVIF a platform refuses).
 * Throws when sharp cannot make it fit; callers then post without it.
 */
export async function fitImage(media: FetchedMedia, rules: ImageRules): Promise<FittedImage> {
  const type = media.mimeType.split(';')[0]!.trim().toLowerCase();
  if (rules.types.includes(type) && media.bytes.length <= rules.maxBytes) return { bytes: media.bytes, mimeType: type };
  const jpeg = await toJpegThumbnail(media.bytes, rules.maxBytes);
  return { bytes: jpeg.bytes, mimeType: jpeg.mimeType };
}
