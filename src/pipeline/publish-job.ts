import type { PostRecord } from '../posts/post.js';
import type { PlatformId } from '../domain/platform.js';

/**
 * Job data is plain JSON. The post record is the truth; `snapshot` is the record as it was queued,
 * which a worker may claim from without reading it first: the claim is written only if the stored
 * version is still the snapshot's, so a post changed since (edited, moved, retried) is read afresh.
 */
export interface PublishJobData {
  postId: string;
  snapshot?: PostRecord;
}

/** One queue per account, so one account's rate limit or outage never holds up another. */
export function queueNameFor(platform: PlatformId, account: string): string {
  return `publish.${platform}.${account}`;
}

/** Job names on an account's queue: sending a post, and taking back what went out. */
export const PUBLISH_JOB = 'publish';
export const RETRACT_JOB = 'retract';

/** A retraction's job id: BullMQ job ids are unique per queue, and the post id is the publish job's. */
export function retractJobId(postId: string): string {
  return `retract-${postId}`;
}

/** BullMQ runs lower numbers first. */
export const PRIORITY = { breaking: 1, normal: 10 } as const;
