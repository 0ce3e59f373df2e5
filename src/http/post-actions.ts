import { InvalidScheduleError, InvalidStateError, VersionConflictError } from '../domain/errors/index.js';
import type { PublishQueues } from '../pipeline/publish-queues.js';
import type { PostStore } from '../posts/post-store.js';
import type { PostRecord, PostState } from '../posts/post.js';
import type { EditLog } from './edit-log.js';

/** Who acts and against which version; `by` is recorded in the history (`editor:<name>`). */
export interface ActionInput {
  by: string;
  version?: number;
  reason?: string;
}

export type ReviewAction = 'approve' | 'reject' | 'cancel' | 'hold' | 'retry';
export const REVIEW_ACTIONS: readonly ReviewAction[] = ['approve', 'reject', 'cancel', 'hold', 'retry'];

/**
 * What an editor can do to a post, for the JSON API and the dashboard alike, so both record the
 * same history and move the same BullMQ jobs. Each action is narrower than the state machine,
 * which also allows scheduled → scheduled (a worker handing a post back) and system moves.
 */
export class PostActions {
  constructor(
    private readonly store: PostStore,
    private readonly queues: PublishQueues,
    private readonly editLog?: EditLog,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async run(action: ReviewAction, id: string, input: ActionInput): Promise<PostRecord> {
    switch (action) {
      case 'approve':
        return this.approve(id, input);
      case 'reject':
        return this.reject(id, input);
      case 'cancel':
        return this.cancel(id, input);
      case 'hold':
        return this.hold(id, input);
      case 'retry':
        return this.retry(id, input);
    }
  }

  async approve(id: string, input: ActionInput): Promise<PostRecord> {
    return this.onFreshRead(id, input, async (post) => {
      requireState(post, 'approve', ['pending_review']);
      const now = this.now().toISOString();
      const next = await this.store.transition(id, 'scheduled', {
        by: input.by,
        reason: input.reason ?? 'approved',
        expectedVersion: input.version ?? post.version,
        current: post,
        patch: { scheduledAt: post.scheduledAt && post.scheduledAt > now ? post.scheduledAt : now },
      });
      await this.queues.schedule(next);
      return next;
    });
  }

  async reject(id: string, input: ActionInput): Promise<PostRecord> {
    return this.store.transition(id, 'rejected', { by: input.by, reason: input.reason, expectedVersion: input.version });
  }

  async cancel(id: string, input: ActionInput): Promise<PostRecord> {
    const next = await this.store.transition(id, 'cancelled', { by: input.by, reason: input.reason, expectedVersion: input.version });
    await this.queues.unschedule(next);
    return next;
  }

  async hold(id: string, input: ActionInput): Promise<PostRecord> {
    const post = await this.store.get(id);
    // Review → review is a valid move (a time given to a post in review), but not a hold.
    requireState(post, 'hold', ['scheduled', 'failed']);
    const next = await this.store.transition(id, 'pending_review', {
      by: input.by,
      reason: input.reason ?? 'held for review',
      expectedVersion: input.version,
    });
    await this.queues.unschedule(next);
    return next;
  }

  async retry(id: string, input: ActionInput): Promise<PostRecord> {
    return this.onFreshRead(id, input, async (post) => {
      requireState(post, 'retry', ['failed', 'partially_published']);
      const next = await this.store.transition(id, 'scheduled', {
        by: input.by,
        reason: input.reason ?? 'retry',
        expectedVersion: input.version ?? post.version,
        current: post,
        patch: { scheduledAt: this.now().toISOString(), lastError: null },
      });
      await this.queues.schedule(next);
      return next;
    });
  }

  /**
   * `at` is any ISO date-time with an offset; it is stored in UTC and must not be past. A scheduled
   * post's job moves to that time; a post in review keeps waiting for approval and then goes at
   * that time (approve keeps a future scheduledAt).
   */
  async reschedule(id: string, at: string, input: Omit<ActionInput, 'reason'>): Promise<PostRecord> {
    const when = new Date(at);
    if (Number.isNaN(when.getTime())) throw new InvalidScheduleError(id, at, 'not a date-time');
    if (when.getTime() < this.now().getTime()) throw new InvalidScheduleError(id, at, 'that time is already past');
    const post = await this.store.get(id);
    requireState(post, 'reschedule', ['scheduled', 'pending_review']);
    const next = await this.store.transition(id, post.state, {
      by: input.by,
      reason: `rescheduled to ${when.toISOString()}`,
      expectedVersion: input.version,
      patch: { scheduledAt: when.toISOString() },
    });
    if (next.state === 'scheduled') await this.queues.schedule(next);
    return next;
  }

  async edit(id: string, texts: string[], input: { by: string; version: number }): Promise<PostRecord> {
    const before = await this.store.get(id);
    const next = await this.store.editParts(id, texts, { by: input.by, expectedVersion: input.version });
    await this.editLog?.record(id, {
      at: next.updatedAt,
      by: input.by,
      version: next.version,
      before: before.draft.parts.map((p) => p.text),
      after: next.draft.parts.map((p) => p.text),
    });
    return next;
  }

  /**
   * Runs an action against the post as just read, committed only if the post is still at that
   * version. Without a version from the editor a lost race re-reads and re-checks: two approves
   * sent at once make one history entry, and the second is judged against the post the first left
   * (already scheduled: 409), exactly as if it had come later.
   */
  private async onFreshRead(id: string, input: ActionInput, act: (post: PostRecord) => Promise<PostRecord>): Promise<PostRecord> {
    for (let attempt = 1; ; attempt++) {
      const post = await this.store.get(id);
      try {
        return await act(post);
      } catch (error) {
        if (!(error instanceof VersionConflictError) || input.version !== undefined || attempt >= MAX_FRESH_READS) throw error;
      }
    }
  }
}

/** Lost races this many times in a row means something is hammering one post. */
const MAX_FRESH_READS = 5;

function requireState(post: PostRecord, action: string, allowed: readonly PostState[]): void {
  if (!allowed.includes(post.state)) throw new InvalidStateError(post.id, post.state, action);
}
