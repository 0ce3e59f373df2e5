import type { PostStore } from '../posts/post-store.js';
import type { PublishQueues } from './publish-queues.js';

/**
 * The safety net for "never silently stuck": posts that should be on a queue but whose job is
 * gone (a crash between storing and queueing, a Redis restart without persistence, a job removed
 * by hand) are put back. Scheduling is idempotent, so running this anywhere, any time, is safe.
 */
export async function sweepOnce(store: PostStore, queues: PublishQueues): Promise<number> {
  let requeued = 0;
  for (const state of ['scheduled', 'publishing'] as const) {
    let cursor: string | undefined;
    do {
      const page = await store.list({ state, limit: 200, cursor });
      for (const post of page.posts) {
        const job = await queues.queue(post.platform, post.account).getJob(post.id);
        const jobState = job ? await job.getState() : 'missing';
        if (jobState === 'missing' || jobState === 'completed' || jobState === 'failed' || jobState === 'unknown') {
          await queues.schedule(post);
          requeued++;
        }
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return requeued;
}

export function startSweeper(store: PostStore, queues: PublishQueues, intervalMs: number, onError: (e: unknown) => void): () => void {
  const timer = setInterval(() => {
    sweepOnce(store, queues).catch(onError);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
