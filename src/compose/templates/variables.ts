import type { Article } from '../../domain/article.js';
import type { PlatformId } from '../../domain/platform.js';
import { slugify } from '../../domain/slug.js';
import type { Summary } from '../summary.js';

/**
 * The variables every template sees (documented in templates/README.md). All are always defined,
 * empty when the article lacks them, so templates can run with strict variables.
 */
export interface TemplateVariables {
  headline: string;
  summary: string;
  key_points: string[];
  url: string;
  /** A slot the fitter fills with as many hashtags as fit, or removes. */
  hashtags: string;
  tags: string[];
  section: string;
  section_slug: string;
  authors: string[];
  byline: string;
  language: string;
  published_at: string;
  priority: string;
  breaking: boolean;
  platform: PlatformId;
  account: string;
  has_image: boolean;
  image: { url: string; alt: string };
}


function byline(authors: string[]): string {
  if (authors.length === 0) return '';
  if (authors.length === 1) return `By ${authors[0]}`;
  return `By ${authors.slice(0, -1).join(', ')} and ${authors[authors.length - 1]}`;
}

export function templateVariables(
  article: Article,
  summary: Summary,
  target: { platform: PlatformId; account: string },
  hashtagSlot: string,
): TemplateVariables {
  return {
    headline: article.headline,
    summary: summary.lead,
    key_points: summary.keyPoints,
    url: article.url,
    hashtags: hashtagSlot,
    tags: article.tags,
    section: article.section ?? '',
    section_slug: article.section ? slugify(article.section) : '',
    authors: article.authors,
    byline: byline(article.authors),
    language: article.language ?? '',
    published_at: article.publishedAt ?? '',
    priority: article.priority,
    breaking: article.priority === 'breaking',
    platform: target.platform,
    account: target.account,
    has_image: article.image !== undefined,
    image: { url: article.image?.url ?? '', alt: article.image?.alt ?? '' },
  };
}
