import type { Article } from '../../domain/article.js';
import type { PlatformId } from '../../domain/platform.js';
import { slugify } from '../../domain/slug.js';
import type { Labels } from '../messages/messages.js';
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
  /** "By A, B and C" in the article's language (labels.by, labels.and); empty when there are none. */
  byline: string;
  /** The labels of the article's language (templates/messages/<language>.json): `labels.breaking`, `labels.read_more`, … */
  labels: Labels;
  language: string;
  published_at: string;
  priority: string;
  breaking: boolean;
  platform: PlatformId;
  account: string;
  has_image: boolean;
  image: { url: string; alt: string };
  /** The correction note, in `<platform>.correction.liquid` templates; empty elsewhere. */
  correction: string;
}


/** "A, B and C" with the language's list separator and conjunction. */
export function joinNames(names: readonly string[], labels: Pick<Labels, 'and' | 'list_separator'>): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(labels.list_separator)} ${labels.and} ${names[names.length - 1]}`;
}

function byline(authors: string[], labels: Labels): string {
  if (authors.length === 0) return '';
  return `${labels.by} ${joinNames(authors, labels)}`;
}

export function templateVariables(
  article: Article,
  summary: Summary,
  target: { platform: PlatformId; account: string },
  hashtagSlot: string,
  labels: Labels,
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
    byline: byline(article.authors, labels),
    labels,
    language: article.language ?? '',
    published_at: article.publishedAt ?? '',
    priority: article.priority,
    breaking: article.priority === 'breaking',
    platform: target.platform,
    account: target.account,
    has_image: article.image !== undefined,
    image: { url: article.image?.url ?? '', alt: article.image?.alt ?? '' },
    correction: article.correction ?? '',
  };
}
