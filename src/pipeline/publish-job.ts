import type { PlatformId } from '../domain/platform.js';

/** Job data is plain JSON; everything else is read from the post record when the job runs. */
export interface PublishJobData {
  postId: string;
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
