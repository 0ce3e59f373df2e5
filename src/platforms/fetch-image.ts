import { ContentRejectedError, DeliveryError, TransientError, UnsafeUrlError } from '../domain/errors/index.js';
import type { FetchedMedia, MediaFetcher } from './media.js';

/**
 * Fetches the article image through the injected fetcher, turning its failures into delivery
 * errors: an image crier refuses to fetch will never be fetchable, anything else may be passing.
 */
export async function fetchImage(fetchMedia: MediaFetcher, url: string, maxBytes: number): Promise<FetchedMedia> {
  try {
    return await fetchMedia(url, { accept: 'image/*', maxBytes });
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    if (error instanceof UnsafeUrlError) {
      throw new ContentRejectedError(`the article image cannot be used: ${error.message}`, { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new TransientError(`could not fetch the article image: ${reason}`, { cause: error });
  }
}
