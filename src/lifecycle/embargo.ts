import type { Article } from '../domain/article.js';

/** The article's publishedAt when it is still ahead: nothing of the article goes out before it. */
export function embargoOf(article: Pick<Article, 'publishedAt'>, now: Date): string | undefined {
  if (!article.publishedAt) return undefined;
  return Date.parse(article.publishedAt) > now.getTime() ? article.publishedAt : undefined;
}

/** The later of a scheduled time and the embargo (ISO strings in UTC compare as text). */
export function notBefore(at: string, embargo: string | undefined): string {
  return embargo !== undefined && embargo > at ? embargo : at;
}
