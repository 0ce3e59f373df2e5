import { EUploadMimeType, type TwitterApi } from 'twitter-api-v2';
import type { MediaRef } from '../../domain/draft.js';
import { ContentRejectedError } from '../../domain/errors/index.js';
import type { MediaFetcher } from '../media.js';
import { fetchImage } from '../fetch-image.js';

/** X's image limit for tweets. */
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
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
 * alt text through /2/media/metadata. Returns the media id to attach to the first tweet.
 * Library errors propagate for the caller to map.
 */
export async function uploadImage(client: TwitterApi, fetchMedia: MediaFetcher, media: MediaRef): Promise<string> {
  const image = await fetchImage(fetchMedia, media.url, MAX_IMAGE_BYTES);
  const mediaType = IMAGE_TYPES.get(image.mimeType.split(';')[0]?.trim().toLowerCase() ?? '');
  if (!mediaType) {
    throw new ContentRejectedError(`X does not take images of type ${image.mimeType}`);
  }
  // The library infers media_category (tweet_image / tweet_gif) from the type.
  const mediaId = await client.v2.uploadMedia(Buffer.from(image.bytes), { media_type: mediaType });
  const alt = [...media.alt.trim()].slice(0, MAX_ALT_CHARS).join('');
  if (alt) {
    await client.v2.createMediaMetadata(mediaId, { alt_text: { text: alt } });
  }
  return mediaId;
}
