import type { MediaRef } from '../../domain/draft.js';
import { TransientError } from '../../domain/errors/index.js';
import type { MediaFetcher } from '../media.js';
import { fetchImage } from '../fetch-image.js';
import { mastodonRequest, type MastodonConnection } from './request.js';

/** Mastodon's default image size limit (instances may differ). */
const MAX_IMAGE_BYTES = 16 * 1024 * 1024;
/** Mastodon's default description limit. */
const MAX_DESCRIPTION_CHARS = 1500;

export interface MediaPolling {
  intervalMs: number;
  attempts: number;
}

/**
 * Uploads the article image (POST /api/v2/media, `file` + `description` as alt text). A 202 means
 * the instance is still processing; statuses refuse unprocessed media, so this polls
 * GET /api/v1/media/:id (206 while processing) until `url` is set, a bounded number of times.
 */
export async function uploadMedia(
  connection: MastodonConnection,
  fetchMedia: MediaFetcher,
  media: MediaRef,
  polling: MediaPolling,
  partIndex: number,
): Promise<string> {
  const image = await fetchImage(fetchMedia, media.url, MAX_IMAGE_BYTES);
  const form = new FormData();
  form.set('file', new Blob([image.bytes], { type: image.mimeType }), fileName(image.url, image.mimeType));
  const description = [...media.alt.trim()].slice(0, MAX_DESCRIPTION_CHARS).join('');
  if (description) form.set('description', description);
  const uploaded = await mastodonRequest(connection, { method: 'POST', path: '/api/v2/media', body: form, partIndex });
  const id = attachmentId(uploaded.body);
  if (uploaded.status !== 202 && hasUrl(uploaded.body)) return id;
  for (let attempt = 0; attempt < polling.attempts; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, polling.intervalMs));
    const state = await mastodonRequest(connection, { method: 'GET', path: `/api/v1/media/${encodeURIComponent(id)}`, partIndex });
    if (state.status === 200 && hasUrl(state.body)) return id;
  }
  throw Object.assign(new TransientError(`Mastodon is still processing media ${id}`), { platform: 'mastodon', partIndex });
}

function attachmentId(body: unknown): string {
  if (typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string') return body.id;
  throw new TransientError('Mastodon answered the media upload without an id');
}

function hasUrl(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'url' in body && typeof body.url === 'string' && body.url !== '';
}

function fileName(url: string, mimeType: string): string {
  const last = URL.canParse(url) ? new URL(url).pathname.split('/').pop() : undefined;
  if (last && /\.\w+$/.test(last)) return last;
  return `image.${mimeType.split('/')[1]?.split(';')[0] ?? 'bin'}`;
}
