import { EUploadMimeType, type TwitterApi } from 'twitter-api-v2';
import type { MediaRef } from '../../domain/draft.js';
import type { ImageRules } from '../../media/fit-image.js';
import type { MediaFetcher } from '../media.js';
import { altText, imageForPlatform } from '../fetch-image.js';

/** X's image limit for tweets, and the types it takes. */
const RULES: ImageRules = { maxBytes: 5 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] };
/** X's alt text limit, in characters. */
const MAX_ALT_CHARS = 1000;

const IMAGE_TYPES: ReadonlyMap<string, EUploadMimeType> = new Map([
  ['image/jpeg', EUploadMimeType.Jpeg],
  ['image/png', EUploadMimeType.Png],
  ['image/gif', EUploadMimeType.Gif],
  ['image/webp', EUploadMimeType.Webp],
]);

/**
 * Uploads the article image with the v2 chunked upload (initialize/append/finalize) and sets its
 * alt text through /2/media/metadata. Returns the media id to attach to the first tweet, or
 * undefined when the image cannot be had or sized: the tweet then goes out without it.
 * X's own errors propagate for the caller to map.
 */
export async function uploadImage(client: TwitterApi, fetchMedia: MediaFetcher, media: MediaRef): Promise<string | undefined> {
  const found = await imageForPlatform(fetchMedia, media, RULES);
  if (!found.ok) return undefined;
  const mediaType = IMAGE_TYPES.get(found.image.mimeType);
  if (!mediaType) return undefined;
  // The library infers media_category (tweet_image / tweet_gif) from the type.
  const mediaId = await client.v2.uploadMedia(Buffer.from(found.image.bytes), { media_type: mediaType });
  const alt = altText(media, MAX_ALT_CHARS);
  if (alt) await client.v2.createMediaMetadata(mediaId, { alt_text: { text: alt } });
  return mediaId;
}
