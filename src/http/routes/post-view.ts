import type { PostRecord } from '../../posts/post.js';

export function postSummary(post: PostRecord) {
  return { id: post.id, platform: post.platform, account: post.account, state: post.state, scheduledAt: post.scheduledAt ?? null };
}
