import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';
import type { AccountRouting, Config } from '../config.js';
import { slugify } from '../domain/slug.js';

/**
 * Which posts wait for an editor, and when the others go out. Breaking news skips the hold window
 * (it is the one time minutes matter) but not review: a held account stays held.
 */
export class ReviewPolicy {
  constructor(
    private readonly review: Config['review'],
    private readonly holdSeconds: number,
  ) {}

  needsReview(draft: Draft, article: Article, account: AccountRouting = {}): boolean {
    if (account.review !== undefined) return account.review;
    if (this.review.platforms === 'all' || this.review.platforms.includes(draft.platform)) return true;
    return article.section !== undefined && this.review.sections.includes(slugify(article.section));
  }

  scheduledAt(article: Article, now: Date, account: AccountRouting = {}): string {
    const hold = article.priority === 'breaking' ? 0 : (account.holdSeconds ?? this.holdSeconds);
    return new Date(now.getTime() + hold * 1000).toISOString();
  }
}
