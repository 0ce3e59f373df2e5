import type { MediaRef } from '../../domain/draft.js';
import { TransientError } from '../../domain/errors/index.js';
import type { ImageRules } from '../../media/fit-image.js';
import { extensionFor, imageForPlatform } from '../fetch-image.js';
import type { MediaFetcher } from '../media.js';
import { tag } from '../http/status-errors.js';
import { matrixCall, type MatrixConnection } from './client.js';

/** Synapse's default max_upload_size is 50 MB; 10 MB keeps a room's timeline quick to load on a phone. */
const RULES: ImageRules = { maxBytes: 10 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] };

export interface UploadedImage {
  imageUri: string;
  imageType: string;
  imageSize: string;
}

/**
 * Uploads the article image (POST /_matrix/media/v3/upload, the bytes as the body) and returns its
 * mxc:// URI. Undefined when the image cannot be had or sized: the part then goes out without it.
 * An upload is not idempotent, but a repeated one only leaves an unused file on the homeserver,
 * never a second message, so it needs no transaction id.
 */
export async function uploadImage(
  connection: MatrixConnection,
  fetchMedia: MediaFetcher,
  media: MediaRef,
  partIndex: number,
  signal?: AbortSignal,
): Promise<UploadedImage | undefined> {
  const found = await imageForPlatform(fetchMedia, media, RULES);
  if (!found.ok) return undefined;
  const { bytes, mimeType } = found.image;
  const answer = await matrixCall(connection, {
    method: 'POST',
    path: `_matrix/media/v3/upload?filename=${encodeURIComponent(`image.${extensionFor(mimeType)}`)}`,
    raw: { bytes, type: mimeType },
    what: 'upload',
    partIndex,
    signal,
  });
  const uri = answer.content_uri;
  if (typeof uri !== 'string' || !uri.startsWith('mxc://')) {
    // Nothing was posted yet: trying the upload again is harmless.
    throw tag(new TransientError('matrix upload answered without a content_uri'), { platform: 'matrix', partIndex });
  }
  return { imageUri: uri, imageType: mimeType, imageSize: String(bytes.length) };
}
