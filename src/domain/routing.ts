import type { Article } from './article.js';
import { slugify } from './slug.js';

export interface RoutingRules {
  /** Section slugs. */
  sections?: string[];
  /** Lower-cased tags. */
  tags?: string[];
}

/** An account with sections or tags gets the articles matching one of them; one with neither gets all. */
export function accountGetsArticle(article: Pick<Article, 'section' | 'tags'>, rules: RoutingRules): boolean {
  if (!rules.sections?.length && !rules.tags?.length) return true;
  const section = article.section ? slugify(article.section) : undefined;
  if (section && rules.sections?.includes(section)) return true;
  return article.tags.some((t) => rules.tags?.includes(t.toLowerCase()) ?? false);
}
