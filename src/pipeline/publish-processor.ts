import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { DeliveredPart, DeliveryLedger } from '../domain/delivery.js';
import { PostNotFoundError, VersionConflictError } from '../domain/errors/index.js';
import type { PostRecord } from '../posts/post.js';
import type { PostStore } from '../posts/post-store.js';
import type { AdapterProvider } from './adapter-provider.js';
import { DrainingLedger } from './draining-ledger.js';
import { failureAction } from './failure-policy.js';
import type { PublishJobData } from './publish-job.js';

export interface ProcessorDeps {
  store: PostStore;
  adapters: AdapterProvider;
  ledgerFor(postId: string): DeliveryLedger;
  /** "worker:<host>-<pid>": recorded on every transition the worker makes. */
  workerId: string;
  draining(): boolean;
  /** Pauses this account's queue until the platform's reset (BullMQ's manual rate limit). */
  rateLimit(ms: number): Promise<void>;
  rateLimitError(): Error;
  attempts: number;
  now?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
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
  let post: PostRecord;
  try {
    post = await deps.store.get(job.data.postId);
  } catch (error) {
    if (error instanceof PostNotFoundError) return;
    throw error;
  }

  // An editor moved the post later after the job was queued.
  if (post.state === 'scheduled' && post.scheduledAt && Date.parse(post.scheduledAt) > now() + 1000) {
    await job.moveToDelayed(Date.parse(post.scheduledAt), token);
    throw new DelayedError();
  }

  const claimed = await claim(post, deps);
  if (!claimed) return;
  post = claimed;

  const ledger = deps.ledgerFor(post.id);
  const adapter = deps.adapters.get(post.platform, post.account);
  try {
    const result = await adapter.post(post.draft, new DrainingLedger(ledger, deps.draining));
    await deps.store.transition(post.id, 'published', { by: deps.workerId, patch: { delivered: result.parts }, current: post });
    deps.log?.('published', { postId: post.id, platform: post.platform, account: post.account, parts: result.parts.length });
    return;
  } catch (error) {
    const delivered = await deliveredParts(ledger);
    const at = new Date(now()).toISOString();
    const action = failureAction(error);
    const finalAttempt = job.attemptsMade + 1 >= deps.attempts;
    deps.log?.('delivery-error', { postId: post.id, platform: post.platform, account: post.account, action: action.kind, error: errorInfo(error, at) });

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
      throw error;
    }
    const to = delivered.length > 0 ? 'partially_published' : 'failed';
    await deps.store.transition(post.id, to, {
      by: deps.workerId,
      reason: action.kind === 'retry' ? `gave up after ${deps.attempts} attempts` : 'permanent error',
      patch: { delivered, lastError: errorInfo(error, at), attempts: job.attemptsMade + 1 },
      current: post,
    });
    throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
  }
}
