import { Job, Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { PlatformId } from '../domain/platform.js';
import { isNoScript, type ScriptCall } from '../posts/lua-script.js';
import type { PostRecord } from '../posts/post.js';
import { PRIORITY, PUBLISH_JOB, queueNameFor, RETRACT_JOB, retractJobId, type PublishJobData } from './publish-job.js';

/** The per-account publish queues, and the one way posts get onto them. */
export class PublishQueues {
  private readonly queues = new Map<string, Queue<PublishJobData>>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
    private readonly delivery: Config['delivery'],
  ) {}

  queue(platform: PlatformId, account: string): Queue<PublishJobData> {
    const name = queueNameFor(platform, account);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<PublishJobData>(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Puts a scheduled or publishing post on its queue, at its time. The job id is the post id, so
   * this is safe to call again (a redelivered event, the sweeper, an editor's retry): a live job is
   * left alone or moved to the new time, a finished one is replaced.
   */
  async schedule(post: PostRecord, now = Date.now()): Promise<void> {
    const queue = this.queue(post.platform, post.account);
    const at = post.scheduledAt ? Date.parse(post.scheduledAt) : now;
    const delay = Math.max(0, at - now);
    const existing = await queue.getJob(post.id);
    if (existing) {
      const state = await existing.getState();
      if (state === 'delayed') {
        await existing.changeDelay(delay);
        return;
      }
      if (state === 'active') return; // the processor reads scheduledAt when it runs, and waits if told to
      const waiting = state === 'waiting' || state === 'prioritized' || state === 'waiting-children';
      if (waiting && delay === 0) return;
      // A waiting job moved later (BullMQ cannot delay it in place), or a finished one for a post
      // being sent again (editor retry; the ledger skips what went out): replace it.
      await existing.remove().catch(() => undefined);
    }
    await queue.add(PUBLISH_JOB, { postId: post.id, snapshot: post }, this.publishOptions(post, delay));
  }

  /**
   * Puts posts created just now on their queues, every account's in one round trip: they have no
   * job yet, so there is nothing to look up or move. Still safe on a post that has one (the job id
   * is the post id, and BullMQ leaves an existing job as it is), so a retry may call it again.
   * `then` runs behind the jobs in the same round trip (the article's closing write and lock
   * release): after them, whether or not they all went on.
   */
  async scheduleNew(posts: readonly PostRecord[], now = Date.now(), then?: ScriptCall): Promise<void> {
    if (posts.length === 0) {
      if (then) await then.script.run(this.connection, then.keys, then.args);
      return;
    }
    const queues = posts.map((post) => this.queue(post.platform, post.account));
    // Loads BullMQ's scripts on the shared connection the first time; a no-op after.
    await Promise.all([...new Set(queues)].map((q) => q.waitUntilReady()));
    const pipeline = (await queues[0]!.backend.client).pipeline();
    posts.forEach((post, i) => {
      const at = post.scheduledAt ? Date.parse(post.scheduledAt) : now;
      const job = new Job<PublishJobData>(queues[i]!, PUBLISH_JOB, { postId: post.id, snapshot: post }, this.publishOptions(post, Math.max(0, at - now)), post.id);
      // Enqueued on the pipeline at once (BullMQ's own addBulk relies on it); the reply comes from exec.
      void job.addJob(pipeline);
    });
    if (then) pipeline.runCommand('evalsha', then.script.evalshaArgs(then.keys, then.args));
    const replies = (await pipeline.exec()) ?? [];
    const [thenError] = then ? (replies.pop() ?? [null]) : [null];
    if (then && isNoScript(thenError)) await then.script.run(this.connection, then.keys, then.args);
    else if (thenError) throw thenError;
    for (const [error] of replies) if (error) throw error;
  }

  private publishOptions(post: PostRecord, delay: number): JobsOptions {
    return { jobId: post.id, delay, priority: PRIORITY[post.priority], ...this.retriedAndKept() };
  }

  /** What every job on an account's queue shares: DELIVERY_ATTEMPTS with backoff, and how long BullMQ keeps it after. */
  private retriedAndKept(): JobsOptions {
    return {
      attempts: this.delivery.attempts,
      backoff: { type: 'exponential', delay: this.delivery.backoffMs, jitter: 0.5 },
      removeOnComplete: { age: 24 * 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    };
  }

  /**
   * Queues the retraction of a post that went out, on the account's own queue so that its rate
   * limits and pauses apply. Retractions go first (a legal kill cannot wait behind a backlog).
   * Calling it again while one is queued or running changes nothing; after one finished, it runs anew.
   */
  async scheduleRetraction(post: PostRecord): Promise<void> {
    const queue = this.queue(post.platform, post.account);
    const jobId = retractJobId(post.id);
    const existing = await queue.getJob(jobId);
    if (existing) {
      const state = await existing.getState();
      if (state !== 'completed' && state !== 'failed' && state !== 'unknown') return;
      await existing.remove().catch(() => undefined);
    }
    await queue.add(
      RETRACT_JOB,
      { postId: post.id },
      { jobId, priority: PRIORITY.breaking, ...this.retriedAndKept() },
    );
  }

  /** Takes a post's job off its queue (cancel, reject, back to review). A running job is left to finish its part. */
  async unschedule(post: PostRecord): Promise<void> {
    const job = await this.queue(post.platform, post.account).getJob(post.id);
    if (!job) return;
    const state = await job.getState();
    if (state !== 'active') await job.remove().catch(() => undefined);
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
  }
}
