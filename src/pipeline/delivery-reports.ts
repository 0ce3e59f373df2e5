import { AuthError } from '../domain/errors/index.js';
import type { AlertNotifier } from '../alerts/alerts.js';
import { hasImageWarning, imageWarning, resolveDraftMedia, type MediaResolver } from '../media/draft-media.js';
import type { CrierMetrics } from '../metrics/metrics.js';
import type { Draft } from '../domain/draft.js';
import type { PostRecord } from '../posts/post.js';
import type { PostStore } from '../posts/post-store.js';

/** What the processor needs to make outcomes loud: all optional, so the processor runs without them (tests, `crier send`). */
export interface ReportingDeps {
  store: PostStore;
  workerId: string;
  media?: MediaResolver;
  /** IMAGE_POLICY: `post` sends without an image that cannot be had; `review` holds the post for an editor. */
  imagePolicy?: 'post' | 'review';
  alerts?: AlertNotifier;
  metrics?: CrierMetrics;
  log?: (event: string, fields: Record<string, unknown>) => void;
}

function who(post: PostRecord): Record<string, unknown> {
  return { postId: post.id, articleId: post.articleId, platform: post.platform, account: post.account };
}

/** Whether holdForMissingImage has anything to check for this post (it then reads the media store). */
export function mayHoldForImage(post: PostRecord, deps: Pick<ReportingDeps, 'imagePolicy' | 'media'>): boolean {
  const image = post.draft.media[0];
  if (deps.imagePolicy !== 'review' || !deps.media || !image || post.state !== 'scheduled' || post.delivered.length > 0) return false;
  return !hasImageWarning(post.warnings, image.url);
}

/**
 * IMAGE_POLICY=review: a scheduled post whose image cannot be had goes to pending_review with the
 * reason instead of out. Returns true when it did. A post whose warnings already name the image
 * was approved by an editor who saw it, so it goes out without asking again.
 */
export async function holdForMissingImage(post: PostRecord, deps: ReportingDeps): Promise<boolean> {
  const media = deps.media;
  if (!media || !mayHoldForImage(post, deps)) return false;
  let unavailable: { url: string; reason: string } | undefined;
  try {
    ({ unavailable } = await resolveDraftMedia(post.draft, media));
  } catch (error) {
    // The media store could not be read: the adapters fetch for themselves, and post without on failure.
    deps.log?.('media-check-failed', { ...who(post), message: error instanceof Error ? error.message : String(error) });
    return false;
  }
  if (!unavailable) return false;
  const warning = imageWarning(unavailable.url, unavailable.reason);
  const reason = `the image cannot be had (${unavailable.reason}); IMAGE_POLICY=review holds the post: approve to send it without the image`;
  const held = await deps.store.transition(post.id, 'pending_review', {
    by: deps.workerId,
    reason,
    patch: { warnings: [...(post.warnings ?? []), warning] },
    current: post,
  });
  await deps.metrics?.delivery(post.platform, 'held_for_review');
  deps.log?.('post-held-for-image', { ...who(post), reason: unavailable.reason });
  await deps.alerts?.notify('post.needs_review', held, reason);
  return true;
}

/** The draft the adapter gets (without an image that cannot be had) and the warnings it earns. */
export async function draftToSend(post: PostRecord, deps: ReportingDeps): Promise<{ draft: Draft; warnings: string[] }> {
  const earlier = post.warnings ?? [];
  if (!deps.media) return { draft: post.draft, warnings: earlier };
  let resolved;
  try {
    resolved = await resolveDraftMedia(post.draft, deps.media);
  } catch (error) {
    deps.log?.('media-check-failed', { ...who(post), message: error instanceof Error ? error.message : String(error) });
    return { draft: post.draft, warnings: earlier };
  }
  const { draft, unavailable } = resolved;
  if (!unavailable) return { draft, warnings: earlier };
  await deps.metrics?.imageLeftOut(post.platform);
  deps.log?.('image-left-out', { ...who(post), url: unavailable.url, reason: unavailable.reason });
  const warning = imageWarning(unavailable.url, unavailable.reason);
  return { draft, warnings: earlier.includes(warning) ? earlier : [...earlier, warning] };
}

export async function reportPublished(post: PostRecord, deps: ReportingDeps, now: number): Promise<void> {
  const due = Date.parse(post.scheduledAt ?? post.createdAt);
  await deps.metrics?.published(post.platform, Number.isNaN(due) ? now : due, now);
}

export async function reportRetry(post: PostRecord, deps: ReportingDeps, kind: 'retry' | 'rate-limited'): Promise<void> {
  if (kind === 'rate-limited') await deps.metrics?.rateLimited(post.platform);
  else await deps.metrics?.delivery(post.platform, 'retry');
}

/**
 * A post that ended failed or partially published: logged at warn (error when the platform refused
 * the credentials), counted, and alerted, once per state change. Never throws.
 */
export async function reportStopped(stopped: PostRecord, error: unknown, reason: string, deps: Pick<ReportingDeps, 'alerts' | 'metrics' | 'log'>): Promise<void> {
  const state = stopped.state === 'partially_published' ? 'partially_published' : 'failed';
  const message = error instanceof Error ? error.message : String(error);
  const fields = { ...who(stopped), state, reason, error: message, kind: error instanceof Error ? error.constructor.name : 'Error' };
  await deps.metrics?.delivery(stopped.platform, state);
  if (error instanceof AuthError) deps.log?.('credentials-refused', fields);
  deps.log?.(state === 'failed' ? 'post-failed' : 'post-partially-published', fields);
  const why = `${reason}: ${message}`;
  await deps.alerts?.notify(state === 'failed' ? 'post.failed' : 'post.partially_published', stopped, why);
  if (error instanceof AuthError) await deps.alerts?.notifyAccount(stopped.platform, stopped.account, message);
}
