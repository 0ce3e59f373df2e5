import type { Article } from '../domain/article.js';
import type { Draft } from '../domain/draft.js';
import type { Config } from '../config.js';
import { slugify } from '../compose/templates/variables.js';

/**
 * Which posts wait for an editor, and when the others go out. Breaking news skips the hold window
 * (it is the one time minutes matter) but not review: a held account stays held.
 */
export class ReviewPolicy {
  constructor(
    private readonly review: Config['review'],
    private readonly holdSeconds: number,
  ) {}

  needsReview(draft: Draft, article: Article): boolean {
    if (this.review.platforms === 'all' || this.review.platforms.includes(draft.platform)) return true;
    return article.section !== undefined && this.review.sections.includes(slugify(article.section));
  }

  scheduledAt(article: Article, now: Date): string {
    const hold = article.priority === 'breaking' ? 0 : this.holdSeconds;
    return new Date(now.getTime() + hold * 1000).toISOString();
  }
}
