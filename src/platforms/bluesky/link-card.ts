import type { $Typed, AppBskyEmbedExternal, BlobRef } from '@atproto/api';
import type { LinkCard } from '../../domain/draft.js';
import type { MediaFetcher } from '../media.js';
import { CARD_DESCRIPTION_MAX, CARD_TITLE_MAX, capCardText } from './card-text.js';
import { findShareImage } from './og-image.js';
import { toJpegThumbnail } from './thumbnail.js';

export interface LinkCardDeps {
  fetchMedia: MediaFetcher;
  uploadBlob(bytes: Uint8Array, mimeType: string): Promise<BlobRef>;
  /** Told why a card went out without a thumbnail. */
  onWarning?: (message: string) => void;
}

const MAX_PAGE_BYTES = 2_000_000;
const MAX_IMAGE_BYTES = 20_000_000;

async function thumbnailUrl(link: LinkCard, fetchMedia: MediaFetcher): Promise<string | undefined> {
  if (link.imageUrl) return link.imageUrl;
  const page = await fetchMedia(link.url, { accept: 'text/html,application/xhtml+xml', maxBytes: MAX_PAGE_BYTES });
  return findShareImage(new TextDecoder().decode(page.bytes), page.url);
}

async function uploadThumbnail(link: LinkCard, deps: LinkCardDeps): Promise<BlobRef | undefined> {
  const url = await thumbnailUrl(link, deps.fetchMedia);
  if (!url) return undefined;
  const image = await deps.fetchMedia(url, { accept: 'image/*', maxBytes: MAX_IMAGE_BYTES });
  const thumb = await toJpegThumbnail(image.bytes);
  return deps.uploadBlob(thumb.bytes, thumb.mimeType);
}

/**
 * Bluesky does not unfurl links itself: the client builds the card. The thumbnail is a nicety,
 * so any failure to find, fetch, shrink or upload it yields a card without one, never a failed post.
 */
export async function buildLinkCardEmbed(link: LinkCard, deps: LinkCardDeps): Promise<$Typed<AppBskyEmbedExternal.Main>> {
  let thumb: BlobRef | undefined;
  try {
    thumb = await uploadThumbnail(link, deps);
  } catch (error) {
    deps.onWarning?.(`link card for ${link.url} has no thumbnail: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    $type: 'app.bsky.embed.external',
    external: {
      uri: link.url,
      title: capCardText(link.title, CARD_TITLE_MAX),
      description: capCardText(link.description, CARD_DESCRIPTION_MAX),
      ...(thumb ? { thumb } : {}),
    },
  };
}
