import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { DeliveredPart, DeliveryLedger } from '../domain/delivery.js';
import type { RedisLedger } from '../posts/redis-ledger.js';
import { DrainingError, VersionConflictError } from '../domain/errors/index.js';
import type { PostRecord } from '../posts/post.js';
import type { PostStore } from '../posts/post-store.js';
import type { AdapterProvider } from './adapter-provider.js';
import { failureAction } from './failure-policy.js';
import { JobLedger, type ClaimWithFirst } from './job-ledger.js';
import type { PublishJobData } from './publish-job.js';
import { draftToSend, holdForMissingImage, mayHoldForImage, reportPublished, reportRetry, reportStopped, type ReportingDeps } from './delivery-reports.js';

export interface ProcessorDeps extends Omit<ReportingDeps, 'store' | 'workerId' | 'log'> {
  store: PostStore;
  adapters: AdapterProvider;
  ledgerFor(postId: string): RedisLedger;
  /** "worker:<host>-<pid>": recorded on every transition the worker makes. */
  workerId: string;
  draining(): boolean;
  /** Pauses this account's queue until the platform's reset (BullMQ's manual rate limit). */
  rateLimit(ms: number): Promise<void>;
  rateLimitError(): Error;
  attempts: number;
  now?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /**
   * Called with a post that just landed while its article was being withdrawn: its retraction is
   * queued (or flagged for an editor) now that every part is known.
   */
  afterPublished?: (post: PostRecord) => Promise<void>;
}

function errorInfo(error: unknown, at: string): { kind: string; message: string; at: string } {
  return error instanceof Error
    ? { kind: error.constructor.name, message: error.message, at }
    : { kind: 'Error', message: String(error), at };
}

async function deliveredParts(ledger: DeliveryLedger): Promise<DeliveredPart[]> {
  const parts: DeliveredPart[] = [];
  for (const entry of (await ledger.entries()).values()) if (entry.delivered) parts.push(entry.delivered);
  return parts.sort((a, b) => a.index - b.index);
}

/**
 * The job's snapshot when this is its first attempt and the post may go at once: it is then
 * claimed from the snapshot with the first part's prepared record (JobLedger). Undefined when the
 * post needs a look first (its time, its image, a retraction): the normal path reads it.
 */
function sendableSnapshot(data: PublishJobData, deps: ProcessorDeps, now: number): PostRecord | undefined {
  const snapshot = data.snapshot;
  if (!snapshot || snapshot.id !== data.postId || snapshot.state !== 'scheduled' || snapshot.draft.parts.length === 0) return undefined;
  if (snapshot.retraction || notBeforeOf(snapshot) > now + 1000 || mayHoldForImage(snapshot, deps)) return undefined;
  return snapshot;
}

/** When a post may go out at the earliest: its schedule, or its article's embargo. */
function notBeforeOf(post: PostRecord): number {
  return Math.max(post.scheduledAt ? Date.parse(post.scheduledAt) : 0, post.embargoUntil ? Date.parse(post.embargoUntil) : 0);
}

/** scheduled → publishing, unless someone changed the post meanwhile; returns undefined when there is nothing to send. */
async function claim(post: PostRecord, deps: ProcessorDeps): Promise<PostRecord | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (post.state === 'publishing') return post; // a retry, or a job taken over from a crashed worker
    if (post.state !== 'scheduled') return undefined; // cancelled, rejected, sent back to review, already published
    try {
      return await deps.store.transition(post.id, 'publishing', { by: deps.workerId, expectedVersion: post.version, current: post });
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
      post = await deps.store.get(post.id);
    }
  }
  return undefined;
}

/**
 * Runs one publish job: one post, a whole thread, through the Redis ledger. Where the post ends up
 * is recorded on the post before the job settles, so an editor never sees a job's fate without the
 * post's.
 */
export async function processPublishJob(job: Job<PublishJobData>, token: string | undefined, deps: ProcessorDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const redisLedger = deps.ledgerFor(job.data.postId);
  const snapshot = sendableSnapshot(job.data, deps, now());
  if (snapshot) {
    const claimWithFirst: ClaimWithFirst = (first) => deps.store.transitionFrom(snapshot, 'publishing', { by: deps.workerId, first });
    const ledger = new JobLedger(redisLedger, { fields: {}, finalIndex: snapshot.draft.parts.length - 1, draining: deps.draining, claimWithFirst });
    const outcome = await deliver(job, token, snapshot, ledger, deps);
    // The post changed after the job was queued: nothing was sent; go on from the stored post.
    if (outcome !== 'claim-lost') return;
  }

  // The post and its ledger in one round trip: the ledger is what the adapter walks first.
  const { post: found, hash } = await deps.store.findWithHash(job.data.postId, redisLedger.key);
  if (!found) return;

  // An editor moved the post later after the job was queued, or the article is under embargo
  // (whatever path queued it: nothing goes out before the article's publishedAt).
  const notBefore = notBeforeOf(found);
  if (found.state === 'scheduled' && notBefore > now() + 1000) {
    await job.moveToDelayed(notBefore, token);
    throw new DelayedError();
  }
  if (found.state === 'scheduled' && found.draft.parts.length === 0) {
    // Nothing was composed (its template failed): there is nothing to send until a revision composes.
    await deps.store.transition(found.id, 'publishing', { by: deps.workerId, current: found }).then((p) =>
      deps.store.transition(p.id, 'failed', { by: deps.workerId, reason: 'nothing composed to send', current: p }),
    );
    return;
  }

  if (await holdForMissingImage(found, deps)) return;

  const post = await claim(found, deps);
  if (!post) return;

  if (post.retraction) {
    // Its article was withdrawn while this post waited for a retry: send nothing more, take back what went out.
    const delivered = await deliveredParts(redisLedger);
    const to = delivered.length > 0 ? 'partially_published' : 'failed';
    const stopped = await deps.store.transition(post.id, to, { by: deps.workerId, reason: `stopped: ${post.retraction.reason}`, patch: { delivered }, current: post });
    if (to === 'partially_published') await deps.afterPublished?.(stopped);
    return;
  }

  await deliver(job, token, post, new JobLedger(redisLedger, { fields: hash, finalIndex: post.draft.parts.length - 1, draining: deps.draining }), deps);
}

/**
 * Sends the post through its adapter and records where it ended up. `queued` is the post claimed
 * (publishing), or the job's snapshot (scheduled) that the ledger claims with the first prepared
 * part; 'claim-lost' when that claim was refused, before anything was sent.
 */
async function deliver(job: Job<PublishJobData>, token: string | undefined, queued: PostRecord, ledger: JobLedger, deps: ProcessorDeps): Promise<'claim-lost' | void> {
  const now = deps.now ?? Date.now;
  const claimedBefore = queued.state === 'publishing' ? queued : undefined;
  const adapter = await deps.adapters.get(queued.platform, queued.account);
  let post = queued;
  try {
    const { draft, warnings } = await draftToSend(queued, deps);
    const result = await adapter.post(draft, ledger);
    // Every adapter prepares a part before it sends one, which claimed the post; claiming here
    // keeps "publishing" before "published" for one that did not.
    const claimed = claimedBefore ?? ledger.claimed ?? (await claim(queued, deps));
    if (!claimed) throw new Error(`post ${queued.id} went out but changed meanwhile`);
    post = claimed;
    const published = await deps.store.transition(post.id, 'published', {
      by: deps.workerId,
      patch: { delivered: result.parts, ...(warnings.length > 0 ? { warnings } : {}) },
      current: post,
      alsoSet: ledger.heldFields(),
    });
    ledger.written();
    await reportPublished(published, deps, now());
    deps.log?.('published', { postId: post.id, platform: post.platform, account: post.account, parts: result.parts.length, ...(warnings.length > 0 ? { warnings } : {}) });
    if (published.retraction) await deps.afterPublished?.(published);
    return;
  } catch (error) {
    if (ledger.claimLost) return 'claim-lost';
    const claimed = claimedBefore ?? ledger.claimed;
    if (!claimed) {
      // Stopped before the first part was prepared: nothing was sent and the post is as it was queued.
      if (error instanceof DrainingError) {
        await job.moveToDelayed(now(), token);
        throw new DelayedError();
      }
      const taken = await claim(queued, deps);
      if (!taken) {
        // Changed meanwhile (cancelled, sent back): whoever changed it decides, knowing what went out.
        await ledger.flush();
        return;
      }
      post = taken;
    } else {
      post = claimed;
    }
    await ledger.flush();
    const delivered = await deliveredParts(ledger);
    const at = new Date(now()).toISOString();
    const action = failureAction(error);
    const finalAttempt = job.attemptsMade + 1 >= deps.attempts;
    // A last attempt is a give-up, not a retry, whatever the error's class says.
    const next = action.kind === 'retry' && finalAttempt ? 'give-up' : action.kind;
    deps.log?.('delivery-error', { postId: post.id, platform: post.platform, account: post.account, action: next, error: errorInfo(error, at) });

    if (action.kind === 'drain') {
      await deps.store.transition(post.id, 'scheduled', { by: deps.workerId, reason: 'worker drained mid-thread', patch: { delivered }, current: post });
      await job.moveToDelayed(now(), token);
      throw new DelayedError();
    }
    if (action.kind === 'rate-limited') {
      await deps.store.transition(post.id, 'scheduled', {
        by: deps.workerId,
        reason: `rate limited until ${action.resetAt.toISOString()}`,
        patch: { delivered, lastError: errorInfo(error, at) },
        current: post,
      });
      await reportRetry(post, deps, 'rate-limited');
      await deps.rateLimit(Math.max(1000, action.resetAt.getTime() - now()));
      throw deps.rateLimitError();
    }
    if (action.kind === 'retry' && !finalAttempt) {
      await deps.store.transition(post.id, 'scheduled', {
        by: deps.workerId,
        reason: `attempt ${job.attemptsMade + 1} of ${deps.attempts} failed; retrying`,
        patch: { delivered, lastError: errorInfo(error, at), attempts: job.attemptsMade + 1 },
        current: post,
      });
      await reportRetry(post, deps, 'retry');
      throw error;
    }
    const to = delivered.length > 0 ? 'partially_published' : 'failed';
    const reason = action.kind === 'retry' ? `gave up after ${deps.attempts} attempts` : 'permanent error';
    const stopped = await deps.store.transition(post.id, to, {
      by: deps.workerId,
      reason,
      patch: { delivered, lastError: errorInfo(error, at), attempts: job.attemptsMade + 1 },
      current: post,
    });
    await reportStopped(stopped, error, reason, deps);
    if (stopped.retraction && to === 'partially_published') await deps.afterPublished?.(stopped);
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
