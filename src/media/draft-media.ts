import type { Draft } from '../domain/draft.js';
import type { MediaOutcome } from './media-store.js';

export interface MediaResolver {
  obtain(url: string, accept?: string): Promise<MediaOutcome>;
}

export interface DraftMedia {
  /** The draft to send: without the image when it cannot be had, so no platform waits for it or fetches it itself. */
  draft: Draft;
  /** Why the image was left out; the post records it as a warning. */
  unavailable?: { url: string; reason: string };
}

/** The warning an editor sees on a post that went out without its image. */
export function imageWarning(url: string, reason: string): string {
  return `image ${url} left out: ${reason}`;
}

/** Whether a post already carries the warning for this image (an editor saw it and approved). */
export function hasImageWarning(warnings: readonly string[] | undefined, url: string): boolean {
  return (warnings ?? []).some((w) => w.startsWith(`image ${url} left out:`));
}

/**
 * Fetches the article image once for the article (the resolver keeps the outcome for every
 * adapter and retry) before any platform sees the draft. An image that cannot be had is taken out
 * of the draft, and out of the link card when the card uses it, so platforms that fetch by URL
 * (Threads, Telegram, Slack) do not fail on it either.
 */
export async function resolveDraftMedia(draft: Draft, resolver: MediaResolver): Promise<DraftMedia> {
  const image = draft.media[0];
  if (!image) return { draft };
  const outcome = await resolver.obtain(image.url, 'image/*');
  if (outcome.ok) return { draft };
  const link = { ...draft.link };
  if (link.imageUrl === image.url) delete link.imageUrl;
  return { draft: { ...draft, media: [], link }, unavailable: { url: image.url, reason: outcome.reason } };
}
