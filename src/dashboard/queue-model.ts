import type { PostRecord, PostState } from '../posts/post.js';
import { NewsroomTime } from './newsroom-time.js';
import { describeParts, PLATFORM_LABELS, reasonInWords, STATE_LABELS } from './post-words.js';

export interface QueueFilters {
  state?: PostState;
  platform?: string;
  account?: string;
  section?: string;
  article?: string;
}

export interface QueueRow {
  id: string;
  articleId: string;
  headline: string;
  platform: string;
  platformLabel: string;
  account: string;
  state: PostState;
  stateLabel: string;
  breaking: boolean;
  parts: string;
  when: string;
  whenRelative: string;
  reason?: string;
  liveUrl?: string;
  retraction?: string;
}

export interface QueueGroup {
  id: string;
  title: string;
  rows: QueueRow[];
  /** Groups an editor rarely needs open (stopped posts) start folded. */
  folded: boolean;
}

const GROUPS: { id: string; title: string; states: PostState[]; folded?: boolean }[] = [
  { id: 'review', title: 'Needs review', states: ['pending_review'] },
  { id: 'scheduled', title: 'Scheduled', states: ['scheduled', 'publishing'] },
  { id: 'failed', title: 'Failed and partly published', states: ['failed', 'partially_published'] },
  { id: 'published', title: 'Published', states: ['published'] },
  { id: 'retracted', title: 'Retracted', states: ['retracted'] },
  { id: 'stopped', title: 'Rejected and cancelled', states: ['rejected', 'cancelled'], folded: true },
];

export function rowOf(post: PostRecord, time: NewsroomTime, now: number): QueueRow {
  const when = post.state === 'scheduled' && post.scheduledAt ? post.scheduledAt : post.state === 'pending_review' ? post.createdAt : post.updatedAt;
  return {
    id: post.id,
    articleId: post.articleId,
    headline: post.draft.link.title || post.draft.parts[0]?.text.slice(0, 80) || post.articleId,
    platform: post.platform,
    platformLabel: PLATFORM_LABELS[post.platform] ?? post.platform,
    account: post.account,
    state: post.state,
    stateLabel: STATE_LABELS[post.state],
    breaking: post.priority === 'breaking',
    parts: describeParts(post),
    when: time.format(when),
    whenRelative: NewsroomTime.relative(when, now),
    reason: reasonInWords(post),
    liveUrl: post.delivered.find((d) => d.url)?.url,
    retraction: post.retraction ? `Retraction ${post.retraction.status}: ${post.retraction.error ?? post.retraction.reason}` : undefined,
  };
}

function order(group: string, a: PostRecord, b: PostRecord): number {
  const breaking = Number(b.priority === 'breaking') - Number(a.priority === 'breaking');
  if (breaking !== 0 && (group === 'review' || group === 'scheduled')) return breaking;
  if (group === 'scheduled') return (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? '');
  if (group === 'review') return a.createdAt.localeCompare(b.createdAt);
  return b.updatedAt.localeCompare(a.updatedAt);
}

/** Posts in the order a social desk works through them: review first, breaking news on top. */
export function groupQueue(posts: readonly PostRecord[], time: NewsroomTime, now: number): QueueGroup[] {
  return GROUPS.map((g) => ({
    id: g.id,
    title: g.title,
    folded: g.folded ?? false,
    rows: posts
      .filter((p) => g.states.includes(p.state))
      .sort((a, b) => order(g.id, a, b))
      .map((p) => rowOf(p, time, now)),
  })).filter((g) => g.rows.length > 0);
}

/** What needs an editor now, for the banner on every page. */
export function needsEditor(posts: readonly PostRecord[]): { review: number; failed: number; retractions: number } {
  return {
    review: posts.filter((p) => p.state === 'pending_review').length,
    failed: posts.filter((p) => p.state === 'failed' || p.state === 'partially_published').length,
    retractions: posts.filter((p) => p.retraction && p.retraction.status !== 'pending').length,
  };
}
