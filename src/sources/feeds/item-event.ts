import { createHash } from 'node:crypto';
import { parseArticleEvent } from '../../article/parse-article.js';
import type { Article } from '../../domain/article.js';
import type { FeedConfig } from './feed-config.js';
import type { FeedItem } from './feed-item.js';

/** Feed clocks run a little fast; a date further ahead than this is not an embargo, it is a wrong clock. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * The article id for a feed item: stable, short, safe in URLs and Redis keys. It is scoped by the
 * feed's host, not the feed: a story in both a site's section feed and its front-page feed is one
 * article (posted once), while two publishers whose JSON Feed ids are both "1" never collide.
 */
export function feedArticleId(feed: Pick<FeedConfig, 'url'>, key: string): string {
  const host = new URL(feed.url).hostname.toLowerCase();
  return `feed-${createHash('sha256').update(`${host}\n${key}`).digest('hex').slice(0, 24)}`;
}

/** When the item came out: its published date, else its updated date. Judges maxAgeHours. */
export function itemDate(item: FeedItem): Date | undefined {
  return item.published ?? item.updated;
}

/**
 * The article a feed item stands for, through crier's own article parser, so a feed item is held
 * to exactly the rules of a signed CMS event (and its revision is the same content hash). Throws
 * ArticleValidationError naming each field when the item cannot be an article (no title, no link).
 */
export function itemArticle(item: FeedItem, feed: FeedConfig, articleId: string, now: number): Article {
  const published = item.published;
  // A feed item is already public: a date in the future is a wrong clock, not an embargo to wait for.
  const publishedAt = published && published.getTime() <= now + CLOCK_SKEW_MS ? published.toISOString() : undefined;
  const event = parseArticleEvent({
    id: articleId,
    url: item.url,
    headline: item.headline,
    summary: item.summary,
    body: item.body,
    section: feed.section,
    tags: [...feed.tags, ...item.tags],
    authors: item.authors,
    language: item.language && isLanguageTag(item.language) ? item.language : undefined,
    publishedAt,
    priority: feed.priority,
    image: item.image,
  });
  if (event.kind !== 'publish') throw new Error('a feed item always maps to a publication');
  return event.article;
}

function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1;
  } catch {
    return false;
  }
}
