import { setTimeout } from 'node:timers/promises';
import type { MediaRef } from '../../domain/draft.js';
import { TransientError } from '../../domain/errors/index.js';
import type { ImageRules } from '../../media/fit-image.js';
import type { MediaFetcher } from '../media.js';
import { altText, extensionFor, imageForPlatform } from '../fetch-image.js';
import { tag } from '../http/status-errors.js';
import { callMastodon, type MastodonConnection } from './call-api.js';

/** Mastodon's default image size limit (instances may differ) and the types every version takes. */
const RULES: ImageRules = { maxBytes: 16 * 1024 * 1024, types: ['image/jpeg', 'image/png', 'image/gif', 'image/webp'] };
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
 * Returns undefined when the image cannot be had or sized: the status then goes out without it.
 */
export async function uploadMedia(
  connection: MastodonConnection,
  fetchMedia: MediaFetcher,
  media: MediaRef,
  polling: MediaPolling,
  partIndex: number,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const found = await imageForPlatform(fetchMedia, media, RULES);
  if (!found.ok) return undefined;
  const image = found.image;
  const form = new FormData();
  form.set('file', new Blob([image.bytes], { type: image.mimeType }), fileName(media.url, image.mimeType));
  const description = altText(media, MAX_DESCRIPTION_CHARS);
  if (description) form.set('description', description);
  // Repeatable: an attachment no status uses is invisible and the instance removes it later.
  const uploaded = await callMastodon(connection, { method: 'POST', path: '/api/v2/media', body: form, repeatable: true, partIndex, signal });
  const id = attachmentId(uploaded.body, partIndex);
  if (uploaded.status !== 202 && hasUrl(uploaded.body)) return id;
  for (let attempt = 0; attempt < polling.attempts; attempt++) {
    await pause(polling.intervalMs, signal, id, partIndex);
    const path = `/api/v1/media/${encodeURIComponent(id)}`;
    const state = await callMastodon(connection, { method: 'GET', path, repeatable: true, partIndex, signal });
    if (state.status === 200 && hasUrl(state.body)) return id;
  }
  throw tag(new TransientError(`Mastodon is still processing media ${id}`), { platform: 'mastodon', partIndex });
}

/** Aborted while waiting counts as the aborted poll would: transient, as uploading again is harmless. */
async function pause(ms: number, signal: AbortSignal | undefined, id: string, partIndex: number): Promise<void> {
  try {
    await setTimeout(ms, undefined, { signal });
  } catch {
    throw tag(new TransientError(`waiting for Mastodon to process media ${id} was aborted`), { platform: 'mastodon', partIndex });
  }
}

function attachmentId(body: unknown, partIndex: number): string {
  if (typeof body === 'object' && body !== null && 'id' in body && typeof body.id === 'string') return body.id;
  throw tag(new TransientError('Mastodon answered the media upload without an id'), { platform: 'mastodon', partIndex });
}

function hasUrl(body: unknown): boolean {
  return typeof body === 'object' && body !== null && 'url' in body && typeof body.url === 'string' && body.url !== '';
}

/** The URL's file name when its extension matches the type sent (a re-encoded PNG is a .jpg now). */
function fileName(url: string, mimeType: string): string {
  const ext = mimeType.split('/')[1]?.split(';')[0] ?? 'bin';
  const last = URL.canParse(url) ? new URL(url).pathname.split('/').pop() : undefined;
  const lastExt = last?.match(/\.(\w+)$/)?.[1]?.toLowerCase();
  if (last && lastExt && (lastExt === ext || (lastExt === 'jpg' && ext === 'jpeg'))) return last;
  return `image.${extensionFor(mimeType)}`;
}
