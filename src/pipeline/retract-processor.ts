import { DelayedError, type Job } from 'bullmq';
import type { DeliveredPart, DeliveryLedger } from '../domain/delivery.js';
import { RateLimitedError, UnsupportedOperationError } from '../domain/errors/index.js';
import type { PostRecord, RetractionStatus } from '../posts/post.js';
import type { PostStore } from '../posts/post-store.js';
import type { RetractionLedger } from '../posts/retraction-ledger.js';
import type { AdapterProvider } from './adapter-provider.js';
import { failureAction } from './failure-policy.js';
import type { PublishJobData } from './publish-job.js';

export interface RetractDeps {
  store: PostStore;
  adapters: AdapterProvider;
  ledgerFor(postId: string): DeliveryLedger;
  retractionLedgerFor(postId: string): RetractionLedger;
  workerId: string;
  rateLimit(ms: number): Promise<void>;
  rateLimitError(): Error;
  attempts: number;
  now?: () => number;
  log?: (event: string, fields: Record<string, unknown>) => void;
  /** A retraction that stopped for an editor: the platform refused, or cannot delete. */
  onRetractionStopped?: (post: PostRecord) => void;
}

/** What went out, from the ledger (the source of truth) and the record, last part first. */
async function partsOut(post: PostRecord, ledger: DeliveryLedger): Promise<DeliveredPart[]> {
  const byIndex = new Map<number, DeliveredPart>();
  for (const part of post.delivered) byIndex.set(part.index, part);
  for (const entry of (await ledger.entries()).values()) if (entry.delivered) byIndex.set(entry.delivered.index, entry.delivered);
  return [...byIndex.values()].sort((a, b) => b.index - a.index);
}

/**
 * Runs one retraction job: deletes every part of a post that went out, last part first, each marked
 * in the retraction ledger once the platform confirmed it, then moves the post to `retracted`. A 429
 * pauses the account's queue like a delivery does; a platform that cannot delete, or refuses, leaves
 * the post as it is with the reason for an editor.
 */
export async function processRetractJob(job: Job<PublishJobData>, token: string | undefined, deps: RetractDeps): Promise<void> {
  const now = deps.now ?? Date.now;
  const post = await deps.store.find(job.data.postId);
  if (!post) return;
  if (post.state === 'retracted' || post.retraction?.status !== 'pending') return;
  if (post.state === 'publishing') {
    // Its worker is still sending; that worker queues the retraction again when it lands.
    await job.moveToDelayed(now() + 2000, token);
    throw new DelayedError();
  }

  const retraction = post.retraction;
  const done = deps.retractionLedgerFor(post.id);
  const deleted = await done.deleted();
  const adapter = await deps.adapters.get(post.platform, post.account);
  const parts = await partsOut(post, deps.ledgerFor(post.id));
  for (const part of parts) {
    if (deleted.has(part.index)) continue;
    try {
      await adapter.delete(part);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      deps.log?.('retraction-error', { postId: post.id, platform: post.platform, account: post.account, part: part.index, message });
      if (error instanceof RateLimitedError) {
        await deps.rateLimit(Math.max(1000, error.resetAt.getTime() - now()));
        throw deps.rateLimitError();
      }
      if (error instanceof UnsupportedOperationError) return stop(post, deps, 'unsupported', message, retraction);
      const action = failureAction(error);
      if (action.kind === 'retry' && job.attemptsMade + 1 < deps.attempts) throw error;
      return stop(post, deps, 'failed', message, retraction);
    }
    await done.markDeleted(part.index, new Date(now()).toISOString());
    deleted.add(part.index);
  }

  await deps.store.change(post.id, (current, at) => {
    if (current.state === 'retracted') return null;
    return {
      record: { ...current, state: 'retracted' },
      entry: {
        from: current.state,
        to: 'retracted',
        by: retraction.requestedBy,
        at,
        reason: `${retraction.reason}; ${parts.length} part${parts.length === 1 ? '' : 's'} deleted by ${deps.workerId}`,
      },
    };
  });
  deps.log?.('retracted', { postId: post.id, platform: post.platform, account: post.account, parts: parts.length });
}

async function stop(post: PostRecord, deps: RetractDeps, status: 'failed' | 'unsupported', error: string, retraction: RetractionStatus): Promise<void> {
  const stopped = await deps.store.change(post.id, (current, at) => ({
    record: { ...current, retraction: { ...retraction, status, error } },
    entry: {
      from: current.state,
      to: current.state,
      by: deps.workerId,
      at,
      reason: status === 'unsupported' ? `cannot retract on ${current.platform}: ${error}` : `retraction failed: ${error}`,
    },
  }));
  deps.onRetractionStopped?.(stopped);
}
