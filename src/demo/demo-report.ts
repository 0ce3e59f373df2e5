import { basename } from 'node:path';
import type { PostRecord } from '../posts/post.js';
import type { Change } from './post-watcher.js';

const clock = (iso: string): string => iso.slice(11, 23);
const who = (post: Pick<PostRecord, 'platform' | 'account'>): string => `${post.platform}/${post.account}`;
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One transition as a line: when, which account, the new state, and what it means. */
export function changeLine({ post, transition }: Change, outboxFile: (post: PostRecord) => string): string {
  let detail = transition.reason ?? '';
  if (transition.to === 'scheduled' && transition.from === null && post.scheduledAt) detail = `goes out at ${clock(post.scheduledAt)}`;
  if (transition.to === 'published') detail = `${plural(post.delivered.length, 'part')} → ${basename(outboxFile(post))}`;
  if ((transition.to === 'failed' || transition.to === 'partially_published') && post.lastError) {
    detail = `${detail ? `${detail}: ` : ''}${post.lastError.message}`;
  }
  return `  ${clock(transition.at)}  ${who(post).padEnd(20)} ${transition.to.padEnd(20)} ${detail}`.trimEnd();
}

/** Where each post ended up, one line per post. */
export function summaryLines(posts: PostRecord[], outboxFile: (post: PostRecord) => string): string[] {
  return [...posts]
    .sort((a, b) => who(a).localeCompare(who(b)))
    .map((post) => {
      const where = post.state === 'published' ? `  ${outboxFile(post)}` : post.lastError ? `  ${post.lastError.message}` : '';
      return `  ${who(post).padEnd(20)} ${post.state.padEnd(20)} ${plural(post.delivered.length, 'part').padEnd(8)}${where}`;
    });
}
